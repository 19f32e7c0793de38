import GRDB

/// The SQL of the outbox: approved and queued replies with what delivery needs, and the leases that give each queued
/// reply one taker. Each function runs inside the caller's transaction.
extension Store {
    /// Replies in `states`, oldest first: only `ids` when given, only one department's when given.
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
                itemID: row["id"], state: try row.decode(forColumn: "state"), channel: row["channel"],
                replyTo: row["replyTo"], messageID: row["externalId"], text: row["replyText"] ?? "", snippetID: row["snippetId"],
                snippetVersion: row["snippetVersion"], attempts: row["deliveryAttempts"], lastError: row["deliveryError"],
                updatedAt: row["updatedAt"], author: row["author"], isPublic: row["isPublic"], receivedAt: row["receivedAt"],
                context: MessageContext.decode(row["context"]), inDoubt: (row["deliveryStartedAt"] as String?) != nil,
                postID: row["platformPostId"], postURL: row["platformPostUrl"])
        }
    }

    /// Leases the queued replies of `channels` whose lease has run out at `now` (or that have none) to `holder` until
    /// `until`, at most `limit`, oldest first.
    ///
    /// - Returns: the ids of the leased items.
    static func leaseDueDeliveries(
        _ db: Database, channels: Set<String>, holder: String, now: String, until: String, limit: Int
    ) throws -> [Int64] {
        let marks = channels.map { _ in "?" }.joined(separator: ",")
        let due = try Int64.fetchAll(
            db,
            sql: """
                SELECT item.id FROM item JOIN message ON message.id = item.id
                WHERE item.state = ? AND message.channel IN (\(marks))
                  AND (item.deliveryLeaseUntil IS NULL OR item.deliveryLeaseUntil <= ?)
                ORDER BY item.id LIMIT ?
                """,
            arguments: [ReviewState.queued.rawValue] + StatementArguments(channels.sorted()) + [now, limit])
        guard !due.isEmpty else { return [] }
        try db.execute(
            sql: "UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id IN (\(due.map { _ in "?" }.joined(separator: ",")))",
            arguments: [holder, until] + StatementArguments(due))
        return due
    }

    /// Leases one reply to `holder` until `until` (a manual export).
    static func lease(_ db: Database, item id: Int64, to holder: String, until: String) throws {
        try db.execute(sql: "UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id = ?", arguments: [holder, until, id])
    }

    /// Ends the lease of a reply and forgets a started attempt.
    static func releaseLease(_ db: Database, item id: Int64) throws {
        try db.execute(
            sql: "UPDATE item SET deliveryLeaseBy = NULL, deliveryLeaseUntil = NULL, deliveryStartedAt = NULL WHERE id = ?", arguments: [id])
    }

    /// Marks that an attempt on a queued reply leased to `holder` has started.
    ///
    /// - Returns: false when the reply is no longer queued or leased to `holder`; nothing was changed then.
    static func startAttempt(_ db: Database, item id: Int64, holder: String, at now: String) throws -> Bool {
        try db.execute(
            sql: "UPDATE item SET deliveryStartedAt = ? WHERE id = ? AND state = ? AND deliveryLeaseBy = ?",
            arguments: [now, id, ReviewState.queued.rawValue, holder])
        return db.changesCount == 1
    }

    /// Counts a failed attempt on a queued reply, keeps its reason, and leaves the reply to nobody until `retryAt`.
    static func recordFailedAttempt(_ db: Database, item id: Int64, reason: String, at now: String, retryAt: String) throws {
        try db.execute(
            sql: """
                UPDATE item SET deliveryAttempts = deliveryAttempts + 1, deliveryError = ?, revision = revision + 1, updatedAt = ?,
                    deliveryLeaseBy = NULL, deliveryLeaseUntil = ?, deliveryStartedAt = NULL
                WHERE id = ? AND state = ?
                """,
            arguments: [reason, now, retryAt, id, ReviewState.queued.rawValue])
    }

    /// Keeps the platform's answer to a posted reply: its post's id and link.
    static func recordPost(_ db: Database, item id: Int64, postID: String?, postURL: String?) throws {
        try db.execute(sql: "UPDATE item SET platformPostId = ?, platformPostUrl = ? WHERE id = ?", arguments: [postID, postURL, id])
    }
}
