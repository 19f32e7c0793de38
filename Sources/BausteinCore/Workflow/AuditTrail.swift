import GRDB

/// The append-only, hash-chained audit table: each row's hash covers its fields and the previous row's hash,
/// and the newest hash is kept apart in `meta`, so that a changed, inserted or deleted row is detected.
public enum AuditTrail {
    static let genesis = String(repeating: "0", count: 64)
    static let headKey = "audit.head"

    /// Appends a row inside the caller's transaction and returns it with its sequence number and hash.
    @discardableResult
    static func append(_ db: Database, _ entry: AuditEntry) throws -> AuditEntry {
        var row = entry
        let last = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
        row.seq = (last?["seq"] as Int64? ?? 0) + 1
        row.prevHash = last?["hash"] ?? genesis
        row.hash = row.computeHash()
        try db.cachedStatement(
            sql: """
                INSERT INTO audit (seq, at, actor, role, itemId, action, fromState, toState, snippetId, snippetVersion,
                                   text, diff, note, textDigest, diffDigest, noteDigest, messageHash, prevHash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                row.seq, row.at, row.actor, row.role, row.itemID, row.action, row.fromState, row.toState, row.snippetID,
                row.snippetVersion, row.text, row.diff, row.note, row.textDigest, row.diffDigest, row.noteDigest, row.messageHash,
                row.prevHash, row.hash,
            ])
        try db.cachedStatement(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .execute(arguments: [headKey, "\(row.seq) \(row.hash)"])
        return row
    }

    /// Audit rows, oldest first; only those of one item when `itemID` is given.
    static func entries(_ db: Database, itemID: Int64? = nil) throws -> [AuditEntry] {
        let rows =
            if let itemID {
                try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE itemId = ? ORDER BY seq", arguments: [itemID])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq")
            }
        return rows.map(entry(from:))
    }

    static func entry(from row: Row) -> AuditEntry {
        var entry = AuditEntry(
            at: row["at"], actor: row["actor"], role: row["role"], itemID: row["itemId"], action: row["action"],
            fromState: row["fromState"], toState: row["toState"], snippetID: row["snippetId"],
            snippetVersion: row["snippetVersion"], text: row["text"], diff: row["diff"], note: row["note"],
            messageHash: row["messageHash"])
        entry.textDigest = row["textDigest"]
        entry.diffDigest = row["diffDigest"]
        entry.noteDigest = row["noteDigest"]
        entry.seq = row["seq"]
        entry.prevHash = row["prevHash"]
        entry.hash = row["hash"]
        return entry
    }

    /// Walks the whole chain and reports the first row that does not fit.
    static func verify(_ db: Database) throws -> AuditVerification {
        var expectedSeq: Int64 = 1
        var previous = genesis
        // Only retention may remove texts, and only those of purged messages.
        let purged = Set(try Int64.fetchAll(db, sql: "SELECT id FROM message WHERE purgedAt IS NOT NULL"))
        let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
        while let row = try cursor.next() {
            let entry = entry(from: row)
            if entry.seq != expectedSeq {
                return AuditVerification(rows: Int(expectedSeq - 1), head: previous, problem: .missing(seq: expectedSeq))
            }
            if entry.prevHash != previous {
                return AuditVerification(rows: Int(expectedSeq - 1), head: previous, problem: .brokenLink(seq: entry.seq))
            }
            let textsRemoved = (entry.text == nil && entry.textDigest != nil) || (entry.diff == nil && entry.diffDigest != nil)
                || (entry.note == nil && entry.noteDigest != nil)
            let removalAllowed = entry.itemID.map(purged.contains) ?? false
            if entry.computeHash() != entry.hash || !entry.textsMatchDigests || (textsRemoved && !removalAllowed) {
                return AuditVerification(rows: Int(expectedSeq - 1), head: previous, problem: .altered(seq: entry.seq))
            }
            previous = entry.hash
            expectedSeq += 1
        }
        let count = expectedSeq - 1
        let head = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [headKey])
        let expectedHead = count == 0 ? nil : "\(count) \(previous)"
        if head != expectedHead {
            let recorded = head.flatMap { Int64($0.split(separator: " ").first ?? "") } ?? 0
            return AuditVerification(
                rows: Int(count), head: previous, problem: recorded > count ? .missing(seq: count + 1) : .headMismatch)
        }
        return AuditVerification(rows: Int(count), head: count == 0 ? nil : previous, problem: nil)
    }
}

/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// Rows checked and found intact.
    public var rows: Int
    /// The hash of the last intact row: write it down elsewhere to anchor the chain.
    public var head: String?
    public var problem: AuditProblem?

    public var isIntact: Bool { problem == nil }
}

/// What is wrong with the audit chain.
public enum AuditProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The row's content no longer matches its hash.
    case altered(seq: Int64)
    /// The row does not point at the hash of the row before it (rows inserted or replaced).
    case brokenLink(seq: Int64)
    /// The row is gone.
    case missing(seq: Int64)
    /// The recorded newest row differs from the table's newest row.
    case headMismatch

    public var description: String {
        switch self {
        case .altered(let seq): return "Zeile \(seq) wurde verändert (Hash passt nicht mehr zum Inhalt)."
        case .brokenLink(let seq): return "Zeile \(seq) passt nicht an die vorige Zeile (Zeilen eingefügt oder ersetzt)."
        case .missing(let seq): return "Zeile \(seq) fehlt (gelöscht)."
        case .headMismatch: return "Die zuletzt aufgezeichnete Zeile stimmt nicht mit dem Protokoll überein."
        }
    }
}
