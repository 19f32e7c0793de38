/// The append-only, hash-chained audit table: each row's hash covers its fields and the previous row's hash, and
/// the newest hash is kept apart in `meta`, so that a changed, inserted or deleted row is detected.
///
/// With a key (``AuditKey``) the chain is *sealed*: each hash is an HMAC-SHA256 under the key, so that someone who can
/// write the database file but does not hold the key cannot rewrite rows and recompute the chain. A chain written
/// before keys existed is sealed on the first write with a key: it is verified, every row is re-hashed under the key
/// in the same transaction, and a `seal` row records the old head. `audit anchor` prints the head to keep elsewhere;
/// `audit verify --anchor` then proves that nobody, not even a key holder, changed a row up to it.
public struct AuditTrail: Sendable {
    static let genesis = String(repeating: "0", count: 64)
    static let headKey = "audit.head"
    /// The `meta` entry with the id of the key that sealed the chain.
    static let keyIDKey = "audit.key"
    /// The PostgreSQL advisory lock that serialises appends (an arbitrary constant: "BAUAUDIT" in ASCII, shortened).
    static let chainLock: Int64 = 0x4241_5541_5544_4954

    public let key: AuditKey?

    public init(key: AuditKey?) {
        self.key = key
    }

    /// The id of the key that sealed the chain in this database, or nil while it is not sealed.
    static func keyID(_ db: any SQLSession) throws -> String? {
        try Store.metaValue(db, key: keyIDKey)
    }

    /// Appends a row inside the caller's transaction and returns it with its sequence number and hash.
    ///
    /// - Throws: ``AuditKeyError`` when the chain is sealed with another key or this trail has none; then nothing
    ///   of the caller's transaction may commit.
    @discardableResult
    func append(_ db: any SQLSession, _ entry: AuditEntry) throws -> AuditEntry {
        let locked = db as? ChainLockedSession
        try prepare(db)
        var row = entry
        // Two servers on one PostgreSQL database must not both append after the same head (a fork): the chain head is
        // taken under a lock held until the transaction ends (a shared store's write transactions hold it from their
        // start). SQLite has one writer at a time anyway.
        if locked == nil { try Self.lockChain(db) }
        if let head = locked?.head {
            (row.seq, row.prevHash) = (head.seq + 1, head.hash)
        } else {
            let last = try db.row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            row.seq = (try last?["seq"] as Int64? ?? 0) + 1
            row.prevHash = try last?["hash"] ?? Self.genesis
        }
        row.hash = row.computeHash(key: key?.bytes)
        try row.insert(db)
        try Self.recordHead(db, seq: row.seq, hash: row.hash)
        locked?.head = (row.seq, row.hash)
        return row
    }

    /// On PostgreSQL, takes the chain's lock until the transaction ends (again, if it holds it already: advisory locks
    /// count); SQLite has one writer at a time anyway.
    static func lockChain(_ db: any SQLSession) throws {
        if db.dialect == .postgres { try db.execute("SELECT pg_advisory_xact_lock(\(chainLock))") }
    }

    static func recordHead(_ db: any SQLSession, seq: Int64, hash: String) throws {
        try Store.setMetaValue(db, key: headKey, value: "\(seq) \(hash)")
    }

    /// Checks that this trail's key fits the chain; an empty chain is sealed with it right away.
    ///
    /// A chain that already has rows but no key is never sealed on the way: it may be one written before keys
    /// existed, or one an attacker re-hashed without a key after removing the seal. Only ``seal(_:by:at:)`` (run by
    /// an admin, `baustein audit seal`) seals it, after verifying it and naming its old head.
    private func prepare(_ db: any SQLSession) throws {
        let locked = db as? ChainLockedSession
        let recorded: String?
        if let known = locked?.keyID {
            recorded = known
        } else {
            recorded = try Self.keyID(db)
            locked?.keyID = .some(recorded)
        }
        switch (key, recorded) {
        case (nil, nil): return
        case (nil, let recorded?): throw AuditKeyError.keyRequired(keyID: recorded)
        case (let key?, let recorded?):
            guard recorded == key.id else { throw AuditKeyError.wrongKey(expected: recorded, given: key.id) }
        case (let key?, nil):
            let rows = try db.value("SELECT COUNT(*) FROM audit", as: Int.self) ?? 0
            guard rows == 0 else { throw AuditKeyError.unsealed(rows: rows) }
            try db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [Self.keyIDKey, key.id])
            locked?.keyID = .some(key.id)
        }
    }

    /// Seals an intact chain that has no key yet: every row is re-hashed under the key in the caller's transaction,
    /// the key's id is recorded, and a `seal` row names the old head (write it down: it is the last plain anchor).
    ///
    /// - Returns: the verification of the chain before sealing (rows and old head).
    /// - Throws: ``AuditSealError`` when the chain is broken (sealing it would hide the damage),
    ///   ``AuditKeyError`` when this trail has no key or the chain is sealed already.
    func seal(_ db: any SQLSession, by actor: TeamMember, at now: String) throws -> AuditVerification {
        guard let key else { throw AuditKeyError.keyRequired(keyID: "-") }
        if let recorded = try Self.keyID(db) { throw AuditKeyError.alreadySealed(keyID: recorded) }
        let check = try Self.walk(db, key: nil)
        if let problem = check.problem { throw AuditSealError(problem: problem, intactRows: check.rows) }
        var previous = Self.genesis
        var last: Int64 = 0
        try Self.lockChain(db)
        var entries: [AuditEntry] = []
        try AuditEntry.all(db) {
            entries.append($0); return true
        }
        for var entry in entries {
            entry.prevHash = previous
            entry.hash = entry.computeHash(key: key.bytes)
            try db.execute("UPDATE audit SET prevHash = ?, hash = ? WHERE seq = ?", [entry.prevHash, entry.hash, entry.seq])
            previous = entry.hash
            last = entry.seq
        }
        try db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", [Self.keyIDKey, key.id])
        if last > 0 { try Self.recordHead(db, seq: last, hash: previous) }
        // What this transaction remembered of the chain is rewritten now.
        if let locked = db as? ChainLockedSession { (locked.keyID, locked.head) = (.some(key.id), last > 0 ? (last, previous) : nil) }
        try append(
            db,
            AuditEntry(
                at: now, actor: actor.name, role: AuditRole(actor.role), itemID: nil, action: .seal,
                note: "Protokoll mit Schlüssel \(key.id) versiegelt; bisheriger Kopf \(check.rows):\(check.head ?? Self.genesis)"))
        return check
    }

    /// Audit rows, oldest first; only those of one item when `itemID` is given.
    static func entries(_ db: any SQLSession, itemID: Int64? = nil) throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        try AuditEntry.all(db, itemID: itemID) {
            entries.append($0); return true
        }
        return entries
    }
}

/// Sealing was refused because the unsealed chain is already broken; nothing was changed.
public struct AuditSealError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problem: AuditProblem
    public var intactRows: Int

    public var description: String {
        "Das Protokoll lässt sich nicht versiegeln, weil es schon beschädigt ist: \(problem) \(intactRows) Zeilen davor sind intakt. "
            + "Mit 'baustein audit verify' prüfen und den Vorfall klären (Sicherung einspielen); bis dahin wird nichts geschrieben."
    }
}
