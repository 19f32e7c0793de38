import BausteinCore
import Foundation
import Synchronization

/// A clock that a test sets and moves by hand, for claims that expire, retention periods and reports whose every
/// timestamp must be known exactly.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = TestEnvironment.clock.now()) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    public func advance(hours: Double) { advance(by: hours * 3600) }

    public func advance(days: Double) { advance(by: days * 86_400) }

    /// The clock as Baustein reads it.
    public var wallClock: WallClock { WallClock { [self] in now } }
}
