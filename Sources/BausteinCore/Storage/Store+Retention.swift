/// The SQL of retention and erasure requests: which messages are due, and removing the texts stored about them.
/// Each function runs inside the caller's transaction, so that closing, scrubbing and the audit row commit together.
extension Store {
    /// Items whose message was stored before `cutoff` and is not purged yet, and which are closed (sent, dismissed,
    /// failed) or untouched since `cutoff`; `open` are those of them not closed yet.
    static func itemsDueForRetention(_ db: any SQLSession, cutoff: String) throws -> (ids: [Int64], open: [Int64]) {
        let rows = try db.rows(
            """
            SELECT item.id, item.state FROM item JOIN message ON message.id = item.id
            WHERE message.purgedAt IS NULL AND message.storedAt < ?
              AND (item.state IN ('sent', 'dismissed', 'failed') OR item.updatedAt < ?)
            ORDER BY item.id
            """,
            [cutoff, cutoff])
        let open = try rows.filter { try ($0["state"] as ReviewState).stage != .closed }.map { try $0["id"] as Int64 }
        return (try rows.map { try $0["id"] }, open)
    }

    /// How many phrasings of `origin` were learned before `cutoff`.
    static func learnedPhrasingCount(_ db: any SQLSession, before cutoff: String, origin: LearningOrigin) throws -> Int {
        try db.value("SELECT COUNT(*) FROM learned_phrasing WHERE createdAt < ? AND origin = ?", [cutoff, origin.rawValue], as: Int.self) ?? 0
    }

    /// The messages of an author: their platform name or handle, or their reply address (an e-mail address), compared
    /// without regard to case; messages already purged have nothing left to find.
    static func itemIDs(_ db: any SQLSession, author: String) throws -> [Int64] {
        try db.column(
            "SELECT id FROM message WHERE purgedAt IS NULL AND (lower(author) = lower(?) OR lower(replyTo) = lower(?)) ORDER BY id",
            [author, author], as: Int64.self)
    }

    /// Of `ids`, the items neither sent nor dismissed, and how many phrasings were learned from them.
    static func erasureScope(_ db: any SQLSession, items ids: [Int64]) throws -> (open: [Int64], phrasings: Int) {
        let marks = sqlPlaceholders(ids.count)
        let open = try db.column(
            "SELECT id FROM item WHERE id IN (\(marks)) AND state NOT IN ('sent', 'dismissed') ORDER BY id", ids, as: Int64.self)
        let phrasings = try db.value("SELECT COUNT(*) FROM learned_phrasing WHERE itemId IN (\(marks))", ids, as: Int.self) ?? 0
        return (open, phrasings)
    }

    /// Removes the texts of the workflow tables about these messages (at most 500 ids): the message itself (text,
    /// author, reply address, platform id), the reply and notes, the matched words in the suggestions' reasons, the texts
    /// of their audit rows (their digests stay, so the chain verifies) and the item's undo point.
    static func scrubTexts(_ db: any SQLSession, items chunk: [Int64], at now: String) throws {
        let marks = sqlPlaceholders(chunk.count)
        let arguments: [any SQLBindable] = chunk
        try db.execute(
            """
            UPDATE message SET text = '', author = NULL, replyTo = NULL, externalId = NULL, context = NULL, purgedAt = ?
            WHERE id IN (\(marks))
            """,
            [now] + arguments)
        try db.execute(
            """
            UPDATE item SET replyText = NULL, note = NULL, claimedBy = NULL, claimExpiresAt = NULL, deliveryError = NULL,
                deliveryLeaseBy = NULL, deliveryLeaseUntil = NULL, deliveryStartedAt = NULL, platformPostId = NULL,
                platformPostUrl = NULL WHERE id IN (\(marks))
            """, arguments)
        try db.execute("UPDATE audit SET text = NULL, diff = NULL, note = NULL WHERE itemId IN (\(marks))", arguments)
        try db.execute("UPDATE suggestion SET reasons = '[]' WHERE itemId IN (\(marks))", arguments)
        // The item's state before its last action (texts included) goes with the texts.
        try db.execute("DELETE FROM undo_point WHERE itemId IN (\(marks))", arguments)
    }

    /// Everything stored about one message for an access request (Art. 15 DSGVO).
    static func privacyExport(_ db: any SQLSession, item id: Int64) throws -> PrivacyExport.Message {
        let item = try ItemRecord.fetch(db, id: id)
        guard let message = try db.row("SELECT * FROM message WHERE id = ?", [id]) else { throw ReviewError.unknownItem(id) }
        return PrivacyExport.Message(
            item: id, channel: try message["channel"], externalID: try message["externalId"], author: try message["author"],
            replyTo: try message["replyTo"], text: try message["text"], receivedAt: try message["receivedAt"],
            storedAt: try message["storedAt"], state: item.state, reply: item.replyText, note: item.note, flags: item.flags,
            learnedPhrasings: try db.column("SELECT text FROM learned_phrasing WHERE itemId = ? ORDER BY id", [id], as: String.self),
            history: try AuditTrail.entries(db, itemID: id))
    }

    private static let retentionKey = "retention.last"

    /// Records when retention ran and how many messages it removed.
    static func recordRetentionRun(_ db: any SQLSession, at now: String, items: Int) throws {
        try setMetaValue(db, key: retentionKey, value: "\(now) \(items)")
    }

    /// When retention last ran and how many messages it removed; nil if never.
    func lastRetentionRun() throws -> (at: String, items: Int)? {
        try read { db in
            guard let value = try Self.metaValue(db, key: Self.retentionKey) else { return nil }
            let parts = value.split(separator: " ")
            return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
    }
}
