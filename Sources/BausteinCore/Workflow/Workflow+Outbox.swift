import Foundation
import GRDB

extension Workflow {
    /// Replies in the given delivery states (default: approved, queued and failed) that `person` may see, oldest first:
    /// the press office and admins (delivery) see all of them, a department the items forwarded to it; staff see none
    /// (a reply's text and reply address are not theirs to list). Nil for an unscoped internal read.
    ///
    /// - Throws: ``ReviewError/outboxNotAllowed(person:role:)`` for staff.
    public func outbox(states: [ReviewState] = [.approved, .queued, .failed], for person: TeamMember?) throws -> [OutboxEntry] {
        var department: String?
        if let person {
            switch person.role {
            case .admin, .press: break
            case .department: department = person.department ?? ""
            case .staff: throw ReviewError.outboxNotAllowed(person: person.name, role: person.role)
            }
        }
        return try knowledgeBase.store.read { db in try Self.outboxEntries(db, states: states, department: department) }
    }

    static func outboxEntries(_ db: Database, states: [ReviewState], ids: [Int64]? = nil, department: String? = nil) throws -> [OutboxEntry] {
        var sql = """
            SELECT item.id, item.state, item.replyText, item.snippetId, item.snippetVersion, item.deliveryAttempts,
                   item.deliveryError, item.updatedAt, item.deliveryStartedAt, item.platformPostId, item.platformPostUrl,
                   message.channel, message.replyTo, message.externalId, message.author, message.isPublic, message.receivedAt,
                   message.context
            FROM item JOIN message ON message.id = item.id
            WHERE item.state IN (\(states.map { _ in "?" }.joined(separator: ",")))
            """
        var arguments = StatementArguments(states.map(\.rawValue))
        if let ids {
            sql += " AND item.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
            arguments += StatementArguments(ids)
        }
        if let department {
            sql += " AND item.department = ?"
            arguments += [department]
        }
        return try Row.fetchAll(db, sql: sql + " ORDER BY item.id", arguments: arguments).map { row in
            OutboxEntry(
                itemID: row["id"], state: ReviewState(rawValue: row["state"]) ?? .approved, channel: row["channel"],
                replyTo: row["replyTo"], messageID: row["externalId"], text: row["replyText"] ?? "", snippetID: row["snippetId"],
                snippetVersion: row["snippetVersion"], attempts: row["deliveryAttempts"], lastError: row["deliveryError"],
                updatedAt: row["updatedAt"], author: row["author"], isPublic: row["isPublic"], receivedAt: row["receivedAt"],
                context: MessageContext.decode(row["context"]), inDoubt: (row["deliveryStartedAt"] as String?) != nil,
                postID: row["platformPostId"], postURL: row["platformPostUrl"])
        }
    }

    /// A lease that never runs out: a reply exported by hand belongs to whoever exported it.
    static let manualLeaseUntil = "9999-12-31T23:59:59Z"

    /// Hands every approved reply to manual delivery: marks them queued and returns them, in one transaction, so that a
    /// reply is exported exactly once. Channels that `baustein serve` delivers itself (`delivery:`) are never offered:
    /// a reply must not go out twice, once by a script and once by the server.
    ///
    /// - Parameter channels: only these channels; nil for all that are not delivered by the server.
    /// - Throws: ``ReviewError/forbidden(person:role:action:state:)`` for a role that does not deliver.
    public func exportOutbox(channels: Set<String>? = nil, by person: TeamMember) throws -> [OutboxEntry] {
        // Checked up front, so that staff learn it also when the outbox happens to be empty.
        guard person.role.stages.contains(.delivery) else {
            throw ReviewError.forbidden(person: person.name, role: person.role, action: .export, state: .approved)
        }
        let served = Set(configuration.server.delivery.keys)
        return try knowledgeBase.store.write { db in
            let ready = try Self.outboxEntries(db, states: [.approved]).filter {
                !served.contains($0.channel) && (channels?.contains($0.channel) ?? true)
            }
            for entry in ready {
                _ = try apply(.export, on: entry.itemID, by: person, db) { item, _ in
                    ActionEffect(auditText: item.replyText)
                }
                try db.execute(
                    sql: "UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id = ?",
                    arguments: ["export:\(person.name)", Self.manualLeaseUntil, entry.itemID])
            }
            return try Self.outboxEntries(db, states: [.queued], ids: ready.map(\.itemID))
        }
    }

    /// Delivery confirmed the reply was posted; a platform's answer (its post's id and link) is kept with it.
    @discardableResult
    public func markSent(_ id: Int64, postID: String? = nil, postURL: String? = nil, by person: TeamMember) throws -> ActionOutcome {
        try perform(.markSent, on: id, by: person) { item, db in
            item.deliveryAttempts += 1
            item.deliveryError = nil
            try Self.releaseLease(db, id)
            try db.execute(
                sql: "UPDATE item SET platformPostId = ?, platformPostUrl = ? WHERE id = ?", arguments: [postID, postURL, id])
            let note = [postID.map { "Beitrag \($0)" }, postURL].compactMap { $0 }.joined(separator: " ")
            return ActionEffect(auditText: item.replyText, note: note.isEmpty ? nil : note)
        }
    }

    /// Delivery failed; the reason is kept and the reply can be retried.
    @discardableResult
    public func markFailed(_ id: Int64, reason: String, by person: TeamMember) throws -> ActionOutcome {
        let reason = try Self.required(reason, for: .markFailed)
        return try perform(.markFailed, on: id, by: person) { item, db in
            item.deliveryAttempts += 1
            item.deliveryError = reason
            try Self.releaseLease(db, id)
            return ActionEffect(note: reason)
        }
    }

    /// Puts a failed reply back into the outbox with a fresh count of attempts, so that delivery tries it as often as
    /// configured again.
    @discardableResult
    public func retry(_ id: Int64, by person: TeamMember) throws -> ActionOutcome {
        try perform(.retry, on: id, by: person) { item, db in
            let previous = item.deliveryAttempts
            item.deliveryAttempts = 0
            try Self.releaseLease(db, id)
            return ActionEffect(note: "neuer Zustellversuch nach \(previous) Versuch(en)")
        }
    }

    static func releaseLease(_ db: Database, _ id: Int64) throws {
        try db.execute(
            sql: "UPDATE item SET deliveryLeaseBy = NULL, deliveryLeaseUntil = NULL, deliveryStartedAt = NULL WHERE id = ?", arguments: [id])
    }
}
