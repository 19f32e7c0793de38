import GRDB

/// The SQL of intake and matching: storing a message with its item once per (path, channel, id), the items that wait
/// for the matcher, and their ranked suggestions. Each function runs inside the caller's transaction; the statements
/// are cached, because intake runs thousands of times a second under a webhook flood.
extension Store {
    /// The item of a message this intake path (or one from before paths were recorded, source '') already stored.
    static func storedMessage(
        _ db: Database, channel: String, externalID: String, source: IntakeSource
    ) throws -> (itemID: Int64, flags: [String])? {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT message.id, item.flags FROM message JOIN item ON item.id = message.id
                    WHERE channel = ? AND externalId = ? AND source IN (?, '')
                    """),
            arguments: [channel, externalID, source.rawValue])
        return row.map { ($0["id"], ItemRecord.flags($0["flags"])) }
    }

    /// Stores a message and its open item with these escalation categories.
    ///
    /// - Returns: the item's number (the message's id).
    static func insertMessage(
        _ db: Database, _ message: IncomingMessage, textHash: String, flags: [String], receivedAt: String, at now: String
    ) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO message (channel, externalId, author, text, textHash, receivedAt, storedAt, isPublic, replyTo, source, context)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                message.channel, message.externalID, message.author, message.text, textHash, receivedAt, now, message.isPublic,
                message.replyTo, message.source.rawValue, MessageContext.encode(message.context),
            ])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO item (id, state, flags, updatedAt) VALUES (?, ?, ?, ?)").execute(
            arguments: [id, ReviewState.open.rawValue, flags.joined(separator: ","), now])
        return id
    }

    /// Items the matcher has not seen yet, oldest first, with their escalation categories and text.
    static func unmatchedItems(_ db: Database, limit: Int) throws -> [(id: Int64, flags: [String], text: String)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT item.id, item.flags, message.text FROM item JOIN message ON message.id = item.id
                WHERE item.matchedAt IS NULL ORDER BY item.id LIMIT ?
                """,
            arguments: [limit]
        ).map { (id: $0["id"] as Int64, flags: ItemRecord.flags($0["flags"]), text: $0["text"] as String) }
    }

    /// Stores the matcher's outcome for an item, unless another process matched it meanwhile.
    ///
    /// - Returns: false when the item was matched already; nothing was changed then.
    static func recordMatch(_ db: Database, item id: Int64, abstained: Bool, at now: String) throws -> Bool {
        try db.cachedStatement(sql: "UPDATE item SET matchedAt = ?, abstained = ? WHERE id = ? AND matchedAt IS NULL").execute(
            arguments: [now, abstained, id])
        return db.changesCount == 1
    }

    /// Stores one ranked suggestion for an item, with the snippet's current version and the matched words as JSON.
    static func insertSuggestion(_ db: Database, item id: Int64, rank: Int, _ suggestion: Suggestion, reasons: String) throws {
        let version = try Int.fetchOne(db.cachedStatement(sql: "SELECT version FROM snippet WHERE id = ?"), arguments: [suggestion.snippetID]) ?? 0
        try db.cachedStatement(
            sql: """
                INSERT INTO suggestion (itemId, rank, snippetId, snippetVersion, title, confidence, reasons, modelConfidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                id, rank, suggestion.snippetID, version, suggestion.title, suggestion.confidence, reasons, suggestion.modelConfidence,
            ])
    }
}
