/// The SQL of intake and matching: storing a message with its item once per (path, channel, id), the items that wait
/// for the matcher, and their ranked suggestions. Each function runs inside the caller's transaction; SQLite runs the
/// statements from its statement cache, because intake runs thousands of times a second under a webhook flood.
extension Store {
    /// The item of a message this intake path (or one from before paths were recorded, source '') already stored.
    static func storedMessage(
        _ db: any SQLSession, channel: String, externalID: String, source: IntakeSource
    ) throws -> (itemID: Int64, flags: [String])? {
        let row = try db.row(
            """
            SELECT message.id, item.flags FROM message JOIN item ON item.id = message.id
            WHERE channel = ? AND externalId = ? AND source IN (?, '')
            """,
            [channel, externalID, source.rawValue])
        return try row.map { (try $0["id"], ItemRecord.flags(try $0["flags"])) }
    }

    /// Stores a message and its open item with these escalation categories.
    ///
    /// - Returns: the item's number (the message's id), or nil when another server stored the same message of this
    ///   path meanwhile (its transaction committed while this one waited on the unique key); nothing was stored then.
    static func insertMessage(
        _ db: any SQLSession, _ message: IncomingMessage, textHash: String, flags: [String], receivedAt: String, at now: String
    ) throws -> Int64? {
        let insertMessage = """
            INSERT INTO message (channel, externalId, author, text, textHash, receivedAt, storedAt, isPublic, replyTo, source, context)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, channel, externalId) WHERE externalId IS NOT NULL DO NOTHING RETURNING id
            """
        let messageValues: [any SQLBindable] = [
            message.channel, message.externalID, message.author, message.text, textHash, receivedAt, now, message.isPublic,
            message.replyTo, message.source.rawValue, MessageContext.encode(message.context),
        ]
        let itemValues: [any SQLBindable] = [ReviewState.open, flags.joined(separator: ","), now]
        if db.dialect == .postgres {
            // One round trip for both rows (PostgreSQL's data-modifying WITH; SQLite has none).
            return try db.value(
                "WITH stored AS (\(insertMessage)) INSERT INTO item (id, state, flags, updatedAt) SELECT id, ?, ?, ? FROM stored RETURNING id",
                messageValues + itemValues, as: Int64.self)
        }
        guard let id = try db.value(insertMessage, messageValues, as: Int64.self) else { return nil }
        try db.execute("INSERT INTO item (id, state, flags, updatedAt) VALUES (?, ?, ?, ?)", [id] + itemValues)
        return id
    }

    /// Items the matcher has not seen yet, oldest first, with their escalation categories and text.
    ///
    /// - Parameter claim: on PostgreSQL, lock the items until the transaction ends and pass over those another server
    ///   has locked (`SKIP LOCKED`), so that each item is matched by one server.
    static func unmatchedItems(_ db: any SQLSession, limit: Int, claim: Bool = false) throws -> [(id: Int64, flags: [String], text: String)] {
        let lock = claim && db.dialect == .postgres ? " FOR UPDATE OF item SKIP LOCKED" : ""
        return try db.rows(
            """
            SELECT item.id, item.flags, message.text FROM item JOIN message ON message.id = item.id
            WHERE item.matchedAt IS NULL ORDER BY item.id LIMIT ?\(lock)
            """,
            [limit]
        ).map { (id: try $0["id"], flags: ItemRecord.flags(try $0["flags"]), text: try $0["text"]) }
    }

    /// Stores the matcher's outcome for an item, unless another process matched it meanwhile.
    ///
    /// - Returns: false when the item was matched already; nothing was changed then.
    static func recordMatch(_ db: any SQLSession, item id: Int64, _ result: MatchResult, at now: String) throws -> Bool {
        try db.execute(
            """
            UPDATE item SET matchedAt = ?, abstained = ?, firstLearned = ?, firstUnlearned = ?, domainConfidence = ?, ranking = ?
            WHERE id = ? AND matchedAt IS NULL
            """,
            [
                now, result.abstained, result.firstLearned, result.firstUnlearned, result.domainConfidence.isFinite ? result.domainConfidence : nil,
                result.ranking, id,
            ]) == 1
    }

    /// Adds the escalation categories found by meaning (``EscalationSense``) to an item's flags, marked as such.
    static func addMeaningFlags(_ db: any SQLSession, item id: Int64, words: [String], meaning: [String]) throws {
        try db.execute("UPDATE item SET flags = ? WHERE id = ?", [ItemRecord.storedFlags(words: words, meaning: meaning), id])
    }

    /// Stores one ranked suggestion for an item, with the snippet's current version and the matched words as JSON.
    static func insertSuggestion(_ db: any SQLSession, item id: Int64, rank: Int, _ suggestion: Suggestion, reasons: String) throws {
        let version = try db.value("SELECT version FROM snippet WHERE id = ?", [suggestion.snippetID], as: Int.self) ?? 0
        try db.execute(
            """
            INSERT INTO suggestion (itemId, rank, snippetId, snippetVersion, title, confidence, reasons, modelConfidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [id, rank, suggestion.snippetID, version, suggestion.title, suggestion.confidence, reasons, suggestion.modelConfidence])
    }
}
