/// The SQL of the outbox: approved and queued replies with what delivery needs, and the leases that give each queued
/// reply one taker. Each function runs inside the caller's transaction.
extension Store {
    /// Replies in `states`, oldest first: only `ids` when given, only one department's when given.
    static func outboxEntries(_ db: any SQLSession, states: [ReviewState], ids: [Int64]? = nil, department: String? = nil) throws -> [OutboxEntry] {
        var sql = """
            SELECT item.id, item.state, item.replyText, item.snippetId, item.snippetVersion, item.deliveryAttempts,
                   item.deliveryError, item.updatedAt, item.deliveryStartedAt, item.platformPostId, item.platformPostUrl,
                   message.channel, message.replyTo, message.externalId, message.author, message.isPublic, message.receivedAt,
                   message.context
            FROM item JOIN message ON message.id = item.id
            WHERE item.state IN (\(sqlPlaceholders(states.count)))
            """
        var arguments: [any SQLBindable] = states
        if let ids {
            sql += " AND item.id IN (\(sqlPlaceholders(ids.count)))"
            arguments += ids as [any SQLBindable]
        }
        if let department {
            sql += " AND item.department = ?"
            arguments.append(department)
        }
        return try db.rows(sql + " ORDER BY item.id", arguments).map { row in
            OutboxEntry(
                itemID: try row["id"], state: try row["state"], channel: try row["channel"],
                replyTo: try row["replyTo"], messageID: try row["externalId"], text: try row["replyText"] ?? "",
                snippetID: try row["snippetId"], snippetVersion: try row["snippetVersion"], attempts: try row["deliveryAttempts"],
                lastError: try row["deliveryError"], updatedAt: try row["updatedAt"], author: try row["author"],
                isPublic: try row["isPublic"], receivedAt: try row["receivedAt"], context: MessageContext.decode(try row["context"]),
                inDoubt: !row.isNull("deliveryStartedAt"), postID: try row["platformPostId"], postURL: try row["platformPostUrl"])
        }
    }

    /// Leases the queued replies of `channels` whose lease has run out at `now` (or that have none) to `holder` until
    /// `until`, at most `limit`, oldest first.
    ///
    /// - Returns: the ids of the leased items.
    static func leaseDueDeliveries(
        _ db: any SQLSession, channels: Set<String>, holder: String, now: String, until: String, limit: Int
    ) throws -> [Int64] {
        let marks = sqlPlaceholders(channels.count)
        // Several servers on one PostgreSQL database: rows another one is leasing right now are passed over, not waited for.
        let skipLocked = db.dialect == .postgres ? " FOR UPDATE OF item SKIP LOCKED" : ""
        let due = try db.column(
            """
            SELECT item.id FROM item JOIN message ON message.id = item.id
            WHERE item.state = ? AND message.channel IN (\(marks))
              AND (item.deliveryLeaseUntil IS NULL OR item.deliveryLeaseUntil <= ?)
            ORDER BY item.id LIMIT ?\(skipLocked)
            """,
            [ReviewState.queued] + (channels.sorted() as [any SQLBindable]) + [now, limit], as: Int64.self)
        guard !due.isEmpty else { return [] }
        try db.execute(
            "UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id IN (\(sqlPlaceholders(due.count)))",
            [holder, until] + (due as [any SQLBindable]))
        return due
    }

    /// Leases one reply to `holder` until `until` (a manual export).
    static func lease(_ db: any SQLSession, item id: Int64, to holder: String, until: String) throws {
        try db.execute("UPDATE item SET deliveryLeaseBy = ?, deliveryLeaseUntil = ? WHERE id = ?", [holder, until, id])
    }

    /// Ends the lease of a reply and forgets a started attempt.
    static func releaseLease(_ db: any SQLSession, item id: Int64) throws {
        try db.execute(
            "UPDATE item SET deliveryLeaseBy = NULL, deliveryLeaseUntil = NULL, deliveryStartedAt = NULL WHERE id = ?", [id])
    }

    /// Marks that an attempt on a queued reply leased to `holder` has started.
    ///
    /// - Returns: false when the reply is no longer queued or leased to `holder`; nothing was changed then.
    static func startAttempt(_ db: any SQLSession, item id: Int64, holder: String, at now: String) throws -> Bool {
        try db.execute(
            "UPDATE item SET deliveryStartedAt = ? WHERE id = ? AND state = ? AND deliveryLeaseBy = ?", [now, id, ReviewState.queued, holder]) == 1
    }

    /// Counts a failed attempt on a queued reply, keeps its reason, and leaves the reply to nobody until `retryAt`.
    static func recordFailedAttempt(_ db: any SQLSession, item id: Int64, reason: String, at now: String, retryAt: String) throws {
        try db.execute(
            """
            UPDATE item SET deliveryAttempts = deliveryAttempts + 1, deliveryError = ?, revision = revision + 1, updatedAt = ?,
                deliveryLeaseBy = NULL, deliveryLeaseUntil = ?, deliveryStartedAt = NULL
            WHERE id = ? AND state = ?
            """,
            [reason, now, retryAt, id, ReviewState.queued])
    }

    /// Keeps the platform's answer to a posted reply: its post's id and link.
    static func recordPost(_ db: any SQLSession, item id: Int64, postID: String?, postURL: String?) throws {
        try db.execute("UPDATE item SET platformPostId = ?, platformPostUrl = ? WHERE id = ?", [postID, postURL, id])
    }
}
