import BausteinPostgres
import Foundation
import Synchronization

/// The events a listener reported, in order, for tests to wait on.
final class NotificationLog: Sendable {
    private let events = Mutex<[PostgresNotificationEvent]>([])

    func append(_ event: PostgresNotificationEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [PostgresNotificationEvent] { events.withLock { $0 } }

    /// The events once there are at least `count` of them, or those there are after `seconds`.
    func waitFor(count: Int, seconds: Double = 5) -> [PostgresNotificationEvent] {
        let deadline = Date().addingTimeInterval(seconds)
        while all.count < count && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return all
    }
}
