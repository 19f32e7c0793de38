import Foundation
import GRDB

extension Outbox {
    /// The actor the delivery service records in the audit trail (role admin: delivery is its stage).
    public static let deliveryActor = TeamMember.system("delivery")

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
        return try knowledgeBase.store.write { db in
            for entry in try Store.outboxEntries(db, states: [.approved]) where channels.contains(entry.channel) {
                _ = try review.apply(.export, on: entry.itemID, by: Self.deliveryActor, db) { item, _ in ActionEffect(auditText: item.replyText) }
            }
            let due = try Store.leaseDueDeliveries(db, channels: channels, holder: holder, now: nowText, until: until, limit: limit)
            guard !due.isEmpty else { return [] }
            return try Store.outboxEntries(db, states: [.queued], ids: due)
        }
    }

    /// Records, before a post goes out, that an attempt on a leased reply has started; committed, so that after a crash
    /// the next taker knows the reply may already be out (``OutboxEntry/inDoubt``).
    ///
    /// - Throws: ``ReviewError/notAllowed(action:state:)`` when the reply is no longer queued or leased to `holder`.
    public func startDeliveryAttempt(_ id: Int64, holder: String) throws {
        let now = Timestamp.precise(clock.now())
        try knowledgeBase.store.write { db in
            guard try Store.startAttempt(db, item: id, holder: holder, at: now) else {
                throw ReviewError.notAllowed(action: .export, state: try ItemRecord.fetch(db, id: id).state)
            }
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
        return try knowledgeBase.store.write { db in
            let item = try ItemRecord.fetch(db, id: id)
            guard item.state == .queued else { throw ReviewError.notAllowed(action: .markFailed, state: item.state) }
            try Store.recordFailedAttempt(db, item: id, reason: reason, at: now, retryAt: Timestamp.precise(retryAt))
            let attempts = item.deliveryAttempts + 1
            try audit.append(
                db,
                AuditEntry(
                    at: now, actor: person.name, role: AuditRole(person.role), itemID: id, action: .deliveryAttempt,
                    fromState: item.state, toState: item.state, note: "Versuch \(attempts) fehlgeschlagen: \(reason)"))
            return attempts
        }
    }
}
