/// An audit row as the `audit` table stores it: every field a column (the table spells `itemId` and `snippetId`), the
/// action, role and states by their raw text.
///
/// A row whose action, role or state this version does not know (a database of a newer Baustein) throws on reading.
extension AuditEntry {
    static let columns = """
        seq, at, actor, role, itemId, action, fromState, toState, snippetId, snippetVersion, text, diff, note, textDigest,
        diffDigest, noteDigest, messageHash, via, prevHash, hash
        """

    init(row: SQLRow) throws {
        self.init(at: try row["at"], actor: try row["actor"], role: try row["role"], itemID: try row["itemId"], action: try row["action"])
        seq = try row["seq"]
        fromState = try row["fromState"]
        toState = try row["toState"]
        snippetID = try row["snippetId"]
        snippetVersion = try row["snippetVersion"]
        text = try row["text"]
        diff = try row["diff"]
        note = try row["note"]
        textDigest = try row["textDigest"]
        diffDigest = try row["diffDigest"]
        noteDigest = try row["noteDigest"]
        messageHash = try row["messageHash"]
        via = try row["via"]
        prevHash = try row["prevHash"]
        hash = try row["hash"]
    }

    /// Appends the row as it is (sequence number and hashes included).
    func insert(_ db: any SQLSession) throws {
        try db.execute(
            "INSERT INTO audit (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                seq, at, actor, role, itemID, action, fromState, toState, snippetID, snippetVersion, text, diff, note, textDigest,
                diffDigest, noteDigest, messageHash, via, prevHash, hash,
            ])
    }

    /// Audit rows in sequence order, `limit` at a time after `seq`, optionally only those of one item: the chain is read
    /// in pages, so that verifying a trail of millions of rows needs the memory of one page.
    static func page(_ db: any SQLSession, after seq: Int64, limit: Int, itemID: Int64? = nil) throws -> [AuditEntry] {
        let filter = itemID == nil ? "" : " AND itemId = ?"
        let arguments: [any SQLBindable] = itemID.map { [seq, $0, limit] } ?? [seq, limit]
        return try db.rows("SELECT \(columns) FROM audit WHERE seq > ?\(filter) ORDER BY seq LIMIT ?", arguments).map(AuditEntry.init(row:))
    }

    /// All audit rows in sequence order (of one item when `itemID` is given), read page by page.
    static func all(_ db: any SQLSession, itemID: Int64? = nil, each: (AuditEntry) throws -> Bool) throws {
        var last: Int64 = 0
        while true {
            let page = try page(db, after: last, limit: 1_000, itemID: itemID)
            for entry in page {
                guard try each(entry) else { return }
            }
            guard let final = page.last, page.count == 1_000 else { return }
            last = final.seq
        }
    }
}
