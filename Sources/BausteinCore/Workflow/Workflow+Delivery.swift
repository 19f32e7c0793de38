import Foundation
import GRDB

extension Workflow {
    /// The actor the delivery service records in the audit trail (role admin: delivery is its stage).
    public static let deliveryActor = TeamMember.system("delivery")

    /// The audit action of a failed attempt that will be retried; the item stays queued.
    static let deliveryAttemptAction = "delivery-attempt"

    /// Replies handed to delivery on these channels, oldest first.
    public func queuedDeliveries(channels: Set<String>) throws -> [OutboxEntry] {
        try outbox(states: [.queued]).filter { channels.contains($0.channel) }
    }

    /// Records a failed delivery attempt that will be retried: the attempt count and the reason are kept and an
    /// audit row shows the attempt; the reply stays queued.
    ///
    /// - Returns: the number of attempts so far.
    /// - Throws: ``ReviewError/notAllowed(action:state:)`` when the item is not queued (anymore).
    @discardableResult
    public func recordFailedAttempt(_ id: Int64, reason: String, by person: TeamMember) throws -> Int {
        let now = self.now
        return try knowledgeBase.writer.write { db in
            let item = try ItemRecord.fetch(db, id: id)
            guard item.state == .queued else { throw ReviewError.notAllowed(action: .markFailed, state: item.state) }
            try db.execute(
                sql: """
                    UPDATE item SET deliveryAttempts = deliveryAttempts + 1, deliveryError = ?, revision = revision + 1, updatedAt = ?
                    WHERE id = ? AND state = ?
                    """,
                arguments: [reason, now, id, ReviewState.queued.rawValue])
            let attempts = item.deliveryAttempts + 1
            try AuditTrail.append(
                db,
                AuditEntry(
                    at: now, actor: person.name, role: person.role.rawValue, itemID: id, action: Self.deliveryAttemptAction,
                    fromState: item.state.rawValue, toState: item.state.rawValue, note: "Versuch \(attempts) fehlgeschlagen: \(reason)"))
            return attempts
        }
    }
}
