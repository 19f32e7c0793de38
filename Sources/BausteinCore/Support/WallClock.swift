import Foundation

/// Where the core gets the current time from; tests pass a fixed one.
public struct WallClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = WallClock { Date() }

    /// A clock that always answers the same instant.
    public static func fixed(_ date: Date) -> WallClock { WallClock { date } }

    /// Today as a calendar day in German time.
    public var today: Day { Day(now()) }

    /// The current time as ISO 8601 text, the format stored in the database.
    public var timestamp: String { ISO8601DateFormatter().string(from: now()) }
}
