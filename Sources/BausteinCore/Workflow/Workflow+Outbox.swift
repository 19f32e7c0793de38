import Foundation
import GRDB

extension Workflow {
    /// Replies in the given delivery states (default: approved, queued and failed), oldest first.
    public func outbox(states: [ReviewState] = [.approved, .queued, .failed]) throws -> [OutboxEntry] {
        try knowledgeBase.writer.read { db in try Self.outboxEntries(db, states: states) }
    }

    static func outboxEntries(_ db: Database, states: [ReviewState], ids: [Int64]? = nil) throws -> [OutboxEntry] {
        var sql = """
            SELECT item.id, item.state, item.replyText, item.snippetId, item.snippetVersion, item.deliveryAttempts,
                   item.deliveryError, item.updatedAt, message.channel, message.replyTo, message.externalId
            FROM item JOIN message ON message.id = item.id
            WHERE item.state IN (\(states.map { _ in "?" }.joined(separator: ",")))
            """
        var arguments = StatementArguments(states.map(\.rawValue))
        if let ids {
            sql += " AND item.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
            arguments += StatementArguments(ids)
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY item.id", arguments: arguments).map { row in
            OutboxEntry(
                itemID: row["id"], state: ReviewState(rawValue: row["state"]) ?? .approved, channel: row["channel"],
                replyTo: row["replyTo"], messageID: row["externalId"], text: row["replyText"] ?? "", snippetID: row["snippetId"],
                snippetVersion: row["snippetVersion"], attempts: row["deliveryAttempts"], lastError: row["deliveryError"],
                updatedAt: row["updatedAt"])
        }
    }

    /// Hands every approved reply to delivery: marks them queued and returns them, in one transaction, so that a
    /// reply is exported exactly once.
    ///
    /// - Parameter channels: only these channels; nil for all.
    public func exportOutbox(channels: Set<String>? = nil, by person: TeamMember) throws -> [OutboxEntry] {
        // Checked up front, so that staff learn it also when the outbox happens to be empty.
        guard person.role.stages.contains(.delivery) else {
            throw ReviewError.forbidden(person: person.name, role: person.role, action: .export, state: .approved)
        }
        return try knowledgeBase.writer.write { db in
            let ready = try Self.outboxEntries(db, states: [.approved]).filter { channels?.contains($0.channel) ?? true }
            for entry in ready {
                _ = try apply(.export, on: entry.itemID, by: person, db) { item, _ in
                    ActionEffect(auditText: item.replyText)
                }
            }
            return try Self.outboxEntries(db, states: [.queued], ids: ready.map(\.itemID))
        }
    }

    /// Delivery confirmed the reply was posted.
    @discardableResult
    public func markSent(_ id: Int64, by person: TeamMember) throws -> ActionOutcome {
        try perform(.markSent, on: id, by: person) { item, _ in
            item.deliveryAttempts += 1
            item.deliveryError = nil
            return ActionEffect(auditText: item.replyText)
        }
    }

    /// Delivery failed; the reason is kept and the reply can be retried.
    @discardableResult
    public func markFailed(_ id: Int64, reason: String, by person: TeamMember) throws -> ActionOutcome {
        let reason = try Self.required(reason, for: .markFailed)
        return try perform(.markFailed, on: id, by: person) { item, _ in
            item.deliveryAttempts += 1
            item.deliveryError = reason
            return ActionEffect(note: reason)
        }
    }

    /// Puts a failed reply back into the outbox.
    @discardableResult
    public func retry(_ id: Int64, by person: TeamMember) throws -> ActionOutcome {
        try perform(.retry, on: id, by: person) { _, _ in ActionEffect() }
    }
}
