import Foundation
import GRDB

/// Approved replies on their way out: the outbox as a person may see it, manual export, the delivery service's leases and
/// attempts, sent, failed and retry. Its state changes go through the review state machine (``ReviewService``).
public struct Outbox: Sendable {
    let review: ReviewService
    var knowledgeBase: KnowledgeBase { review.knowledgeBase }
    var configuration: WorkflowConfiguration { review.configuration }
    var audit: AuditTrail { review.audit }
    var clock: WallClock { knowledgeBase.clock }
    var now: String { review.now }
}

extension Outbox {
    /// Replies in the given delivery states (default: approved, queued and failed) that `person` may see, oldest first:
    /// the press office and admins (delivery) see all of them, a department the items forwarded to it; staff see none
    /// (a reply's text and reply address are not theirs to list). Nil for an unscoped internal read.
    ///
    /// - Throws: ``ReviewError/outboxNotAllowed(person:role:)`` for staff.
    public func entries(states: [ReviewState] = [.approved, .queued, .failed], for person: TeamMember?) throws -> [OutboxEntry] {
        var department: String?
        if let person {
            switch person.role {
            case .admin, .press: break
            case .department: department = person.department ?? ""
            case .staff: throw ReviewError.outboxNotAllowed(person: person.name, role: person.role)
            }
        }
        return try knowledgeBase.store.read { db in try Store.outboxEntries(db, states: states, department: department) }
    }

    /// A lease that never runs out: a reply exported by hand belongs to whoever exported it.
    static let manualLeaseUntil = "9999-12-31T23:59:59Z"

    /// Hands every approved reply to manual delivery: marks them queued and returns them, in one transaction, so that a
    /// reply is exported exactly once. Channels that `baustein serve` delivers itself (`delivery:`) are never offered:
    /// a reply must not go out twice, once by a script and once by the server.
    ///
    /// - Parameter channels: only these channels; nil for all that are not delivered by the server.
    /// - Throws: ``ReviewError/forbidden(person:role:action:state:)`` for a role that does not deliver.
    public func export(channels: Set<String>? = nil, by person: TeamMember) throws -> [OutboxEntry] {
        // Checked up front, so that staff learn it also when the outbox happens to be empty.
        guard person.role.stages.contains(.delivery) else {
            throw ReviewError.forbidden(person: person.name, role: person.role, action: .export, state: .approved)
        }
        let served = Set(configuration.server.delivery.keys)
        return try knowledgeBase.store.write { db in
            let ready = try Store.outboxEntries(db, states: [.approved]).filter {
                !served.contains($0.channel) && (channels?.contains($0.channel) ?? true)
            }
            for entry in ready {
                _ = try review.apply(.export, on: entry.itemID, by: person, db) { item, _ in
                    ActionEffect(auditText: item.replyText)
                }
                try Store.lease(db, item: entry.itemID, to: "export:\(person.name)", until: Self.manualLeaseUntil)
            }
            return try Store.outboxEntries(db, states: [.queued], ids: ready.map(\.itemID))
        }
    }

    /// Delivery confirmed the reply was posted; a platform's answer (its post's id and link) is kept with it.
    @discardableResult
    public func markSent(_ id: Int64, postID: String? = nil, postURL: String? = nil, by person: TeamMember) throws -> ActionOutcome {
        try review.perform(.markSent, on: id, by: person) { item, db in
            item.deliveryAttempts += 1
            item.deliveryError = nil
            try Store.releaseLease(db, item: id)
            try Store.recordPost(db, item: id, postID: postID, postURL: postURL)
            let note = [postID.map { "Beitrag \($0)" }, postURL].compactMap { $0 }.joined(separator: " ")
            return ActionEffect(auditText: item.replyText, note: note.isEmpty ? nil : note)
        }
    }

    /// Delivery failed; the reason is kept and the reply can be retried.
    @discardableResult
    public func markFailed(_ id: Int64, reason: String, by person: TeamMember) throws -> ActionOutcome {
        let reason = try ReviewService.required(reason, for: .markFailed)
        return try review.perform(.markFailed, on: id, by: person) { item, db in
            item.deliveryAttempts += 1
            item.deliveryError = reason
            try Store.releaseLease(db, item: id)
            return ActionEffect(note: reason)
        }
    }

    /// Puts a failed reply back into the outbox with a fresh count of attempts, so that delivery tries it as often as
    /// configured again.
    @discardableResult
    public func retry(_ id: Int64, by person: TeamMember) throws -> ActionOutcome {
        try review.perform(.retry, on: id, by: person) { item, db in
            let previous = item.deliveryAttempts
            item.deliveryAttempts = 0
            try Store.releaseLease(db, item: id)
            return ActionEffect(note: "neuer Zustellversuch nach \(previous) Versuch(en)")
        }
    }
}
