import Foundation
import GRDB

extension Workflow {
    /// The actor the delivery service records in the audit trail (role admin: delivery is its stage).
    public static let deliveryActor = TeamMember.system("delivery")

    /// The audit action of a failed attempt that will be retried; the item stays queued.
    static let deliveryAttemptAction = "delivery-attempt"

    /// For a delivery service: hands the approved replies of `channels` over (queued) and takes a lease on the queued
    /// replies that are due, all in one transaction, so that of several services (or servers) exactly one posts each
    /// reply. A lease runs out after `leaseSeconds`: a service that dies mid-attempt leaves the reply to the next one.
    ///
    /// - Parameters:
    ///   - holder: who takes the lease (`serve:<host>:<pid>`), recorded on the item.
    ///   - limit: most replies taken at once.
    /// - Returns: the leased replies, oldest first.
    public func takeDeliveries(channels: Set<String>, holder: String, leaseSeconds: TimeInterval, limit: Int = 50) throws -> [OutboxEntry] {
        guard !channels.isEmpty else { return [] }
        let now = clock.now()
        let nowText = Timestamp.precise(now)
        let until = Timestamp.precise(now.addingTimeInterval(leaseSeconds))
        return try knowledgeBase.writer.write { db in
            for entry in try Self.outboxEntries(db, states: [.approved]) where channels.contains(entry.channel) {
                _ = try apply(.export, on: entry.itemID, by: Self.deliveryActor, db) { item, _ in ActionEffect(auditText: item.replyText) }
            }
            let marks = channels.map { _ in "?" }.joined(separator: ",")
            let due = try Int64.fetchAll(
                db,
                sql: """
                    SELECT item.id FROM item JOIN message ON message.id = item.id
                    WHERE item.state = ? AND message.channel IN (\(marks))
                      AND (item.deliveryLeaseUntil IS NULL OR item.deliveryLeaseUntil <= ?)
                    ORDER BY item.id LIMIT ?
                    """,
                arguments: [ReviewState.queued.rawValue] + StatementArguments(channels.sorted()) + [nowText, limit])
            guard !due.isEmpty else { return [] }
            try db.execute(
                sql: "UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id IN (\(due.map { _ in "?" }.joined(separator: ",")))",
                arguments: [holder, until] + StatementArguments(due))
            return try Self.outboxEntries(db, states: [.queued], ids: due)
        }
    }

    /// Records a failed delivery attempt that will be retried: the attempt count and the reason are kept, an audit row
    /// shows the attempt, and the reply stays queued, leased to nobody until `retryAt`.
    ///
    /// - Returns: the number of attempts so far.
    /// - Throws: ``ReviewError/notAllowed(action:state:)`` when the item is not queued (anymore).
    @discardableResult
    public func recordFailedAttempt(_ id: Int64, reason: String, retryAt: Date, by person: TeamMember) throws -> Int {
        let now = self.now
        return try knowledgeBase.writer.write { db in
            let item = try ItemRecord.fetch(db, id: id)
            guard item.state == .queued else { throw ReviewError.notAllowed(action: .markFailed, state: item.state) }
            try db.execute(
                sql: """
                    UPDATE item SET deliveryAttempts = deliveryAttempts + 1, deliveryError = ?, revision = revision + 1, updatedAt = ?,
                        deliveryLeaseBy = NULL, deliveryLeaseUntil = ?
                    WHERE id = ? AND state = ?
                    """,
                arguments: [reason, now, Timestamp.precise(retryAt), id, ReviewState.queued.rawValue])
            let attempts = item.deliveryAttempts + 1
            try audit.append(
                db,
                AuditEntry(
                    at: now, actor: person.name, role: person.role.rawValue, itemID: id, action: Self.deliveryAttemptAction,
                    fromState: item.state.rawValue, toState: item.state.rawValue, note: "Versuch \(attempts) fehlgeschlagen: \(reason)"))
            return attempts
        }
    }
}
