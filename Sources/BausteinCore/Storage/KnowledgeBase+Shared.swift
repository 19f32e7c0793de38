import Foundation
import GRDB

extension KnowledgeBase {
    /// Opens a server's index file that follows a shared database: the shared tables are migrated (one server at a
    /// time), the index file is created or migrated, and it is brought up to the shared snippets and learned phrasings.
    ///
    /// - Parameters:
    ///   - indexPath: this server's own SQLite file for matching (never shared between servers).
    ///   - shared: the database the servers share (PostgreSQL).
    public convenience init(indexPath: String, shared: any SharedDatabase, clock: WallClock = .system) throws {
        try shared.write { db in _ = try DatabaseSchema.migrateShared(db, at: clock.timestamp) }
        try self.init(writer: try Self.openPool(path: indexPath), shared: shared, clock: clock)
        try refreshIndex()
    }

    /// Whether the workflow's tables live in a database shared with other servers.
    public var isShared: Bool { store.isShared }

    /// Calls `handler` when another server (or this one) changed what the index follows, so that it is refreshed at once
    /// rather than at the next interval; nil with the SQLite file alone. `handler` must not wait.
    public func observeSharedChanges(_ handler: @escaping @Sendable () -> Void) throws -> (any SharedChangeObservation)? {
        guard case .shared(let database) = store.engine else { return nil }
        return try database.observeChanges(handler)
    }

    /// Brings this server's index up to the shared snippets, learned phrasings and outcomes, when they changed since
    /// the last refresh; with the SQLite file alone there is nothing to follow.
    ///
    /// Cheap when nothing changed (one query of counters); a changed snippet costs its document and its analysis.
    /// A sync or a confirmation on another server reaches this one at its next refresh (the server refreshes every
    /// few seconds and when PostgreSQL notifies it).
    ///
    /// - Returns: whether anything changed.
    @discardableResult
    public func refreshIndex() throws -> Bool {
        guard store.isShared else { return false }
        // One refresh at a time in a process (the server's service and this process's own changes): the second waits and
        // then finds the fingerprint current, instead of copying the same difference again.
        return try refreshing.withLock { _ in try refreshIndexNow() }
    }

    private func refreshIndexNow() throws -> Bool {
        let fingerprint = try store.read(Self.sharedFingerprint)
        if try index.read({ db in try Store.metaValue(db, key: Self.fingerprintKey) }) == fingerprint { return false }
        // One snapshot of the shared tables, then one transaction on the index.
        let shared = try store.read { db in try SharedCopy(db, local: try index.read(SharedCopy.LocalState.init)) }
        try index.write { db in
            try apply(shared, to: db)
            try Store.setMetaValue(db, key: Self.fingerprintKey, value: fingerprint)
        }
        return true
    }

    static let fingerprintKey = "shared.fingerprint"

    /// After a change committed to a shared database, brings this process's index up to it at once (others follow
    /// within their refresh interval). The change stands whatever happens here: a failed refresh is left to the next one.
    func followSharedChange() {
        guard store.isShared else { return }
        _ = try? refreshIndex()
    }

    /// Counters that move with every change a refresh must copy: the generations, and the newest id and number of
    /// rows of learned phrasings and outcomes (deletions lower the number).
    static func sharedFingerprint(_ db: any SQLSession) throws -> String {
        let row = try db.row(
            """
            SELECT (SELECT value FROM meta WHERE key = 'generation'), (SELECT value FROM meta WHERE key = 'snippetGeneration'),
                   (SELECT COUNT(*) FROM snippet), (SELECT COALESCE(MAX(id), 0) FROM learned_phrasing),
                   (SELECT COUNT(*) FROM learned_phrasing), (SELECT COALESCE(MAX(id), 0) FROM confidence_outcome),
                   (SELECT COUNT(*) FROM confidence_outcome), (SELECT COALESCE(MAX(id), 0) FROM ranking_outcome),
                   (SELECT COUNT(*) FROM ranking_outcome)
            """)
        guard let row else { return "" }
        return try (0..<9).map { index -> String in
            switch try row[index] as SQLValue {
            case .null: "-"
            case .integer(let value): String(value)
            case .real(let value): String(value)
            case .text(let value): value
            case .blob: "?"
            }
        }.joined(separator: "/")
    }

    /// Writes a shared snapshot into the index: snippet rows by id (keeping each one's local document id), versions,
    /// learned phrasings and outcomes by id; then indexes what changed anew.
    private func apply(_ shared: SharedCopy, to db: Database) throws {
        var reindex = Set<String>()
        var snippetsChanged = false
        for row in shared.snippets {
            let docid: Int64
            if let existing = try Int64.fetchOne(db, sql: "SELECT docid FROM snippet WHERE id = ?", arguments: [row.id]) {
                try db.execute(
                    sql: """
                        UPDATE snippet SET version = ?, contentHash = ?, path = ?, document = ?, title = ?, validFrom = ?, validUntil = ?,
                            active = ?, syncedAt = ? WHERE docid = ?
                        """,
                    arguments: [
                        row.version, row.contentHash, row.path, row.document, row.title, row.validFrom, row.validUntil, row.active,
                        row.syncedAt, existing,
                    ])
                docid = existing
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO snippet (id, version, contentHash, path, document, title, validFrom, validUntil, active, syncedAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        row.id, row.version, row.contentHash, row.path, row.document, row.title, row.validFrom, row.validUntil, row.active,
                        row.syncedAt,
                    ])
                docid = db.lastInsertedRowID
            }
            try db.execute(sql: "DELETE FROM snippet_version WHERE snippetId = ?", arguments: [row.id])
            for version in row.versions {
                try db.execute(
                    sql: """
                        INSERT INTO snippet_version (snippetId, version, contentHash, path, document, syncedAt, retiredAt)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [row.id, version.version, version.contentHash, version.path, version.document, version.syncedAt, version.retiredAt])
            }
            if row.active { reindex.insert(row.id) } else { try Self.unindex(db, docid: docid) }
            snippetsChanged = true
        }
        // Learned phrasings removed elsewhere (erasure, retention, undo) leave the index with their vectors.
        let removed = try shared.removedPhrasings(db)
        if !removed.isEmpty {
            try db.execute(
                sql: "DELETE FROM learned_phrasing WHERE id IN (\(removed.map { _ in "?" }.joined(separator: ",")))",
                arguments: StatementArguments(removed.map(\.id)))
            try dropFromIndex(db, phrasings: removed.map { ($0.snippetID, $0.text) })
        }
        for phrasing in shared.newPhrasings {
            try db.execute(
                sql: "INSERT OR IGNORE INTO learned_phrasing (id, snippetId, text, origin, createdAt, itemId) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [phrasing.id, phrasing.snippetID, phrasing.text, phrasing.origin, phrasing.createdAt, phrasing.itemID])
            reindex.insert(phrasing.snippetID)
        }
        for (table, outcomes) in [("confidence_outcome", shared.confidenceOutcomes), ("ranking_outcome", shared.rankingOutcomes)] {
            try db.execute(sql: "DELETE FROM \(table) WHERE id NOT IN (SELECT value FROM json_each(?))", arguments: [outcomes.ids])
            for row in outcomes.new { try db.execute(sql: row.sql, arguments: StatementArguments(row.arguments.map(\.sqlValue.databaseValue))) }
        }
        try self.reindex(db, snippets: reindex)
        try Self.bumpGeneration(db)
        if snippetsChanged { try Self.bump(db, key: "snippetGeneration") }
    }
}

/// What a refresh copies from the shared database: the snippets that differ from the index, learned phrasings and
/// outcomes the index lacks, and the ids that still exist (to find what was removed).
struct SharedCopy {
    /// What the index holds now, to copy only the difference.
    struct LocalState {
        var snippets: [String: (version: Int, contentHash: String, active: Bool)] = [:]
        var phrasingIDs: Set<Int64> = []
        var confidenceIDs: Set<Int64> = []
        var rankingIDs: Set<Int64> = []

        init(_ db: Database) throws {
            for row in try Row.fetchAll(db, sql: "SELECT id, version, contentHash, active FROM snippet") {
                snippets[row["id"]] = (row["version"], row["contentHash"], row["active"])
            }
            phrasingIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM learned_phrasing"))
            confidenceIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM confidence_outcome"))
            rankingIDs = Set(try Int64.fetchAll(db, sql: "SELECT id FROM ranking_outcome"))
        }
    }

    struct SnippetRow {
        var id: String
        var version: Int
        var contentHash: String
        var path: String
        var document: String
        var title: String
        var validFrom: String?
        var validUntil: String?
        var active: Bool
        var syncedAt: String
        var versions: [(version: Int, contentHash: String, path: String, document: String, syncedAt: String, retiredAt: String?)]
    }

    struct Phrasing {
        var id: Int64
        var snippetID: String
        var text: String
        var origin: String
        var createdAt: String
        var itemID: Int64?
    }

    /// Outcome rows to insert as they are, and the ids the shared table holds (as a JSON array for `json_each`).
    struct Outcomes {
        var new: [(sql: String, arguments: [SQLValue])] = []
        var ids = "[]"
    }

    var snippets: [SnippetRow] = []
    var newPhrasings: [Phrasing] = []
    /// Every learned phrasing id of the shared table.
    var phrasingIDs: Set<Int64> = []
    var confidenceOutcomes = Outcomes()
    var rankingOutcomes = Outcomes()

    init(_ db: any SQLSession, local: LocalState) throws {
        var changed: [String] = []
        for row in try db.rows("SELECT id, version, contentHash, active FROM snippet ORDER BY id", []) {
            let id: String = try row["id"]
            let stored = local.snippets[id]
            let version: Int = try row["version"]
            let hash: String = try row["contentHash"]
            let active: Bool = try row["active"]
            if stored?.version != version || stored?.contentHash != hash || stored?.active != active { changed.append(id) }
        }
        for chunk in stride(from: 0, to: changed.count, by: 500).map({ Array(changed[$0..<min($0 + 500, changed.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            var versions: [String: [(Int, String, String, String, String, String?)]] = [:]
            for row in try db.rows(
                "SELECT snippetId, version, contentHash, path, document, syncedAt, retiredAt FROM snippet_version WHERE snippetId IN (\(marks)) ORDER BY version",
                chunk)
            {
                versions[try row["snippetId"], default: []].append(
                    (try row["version"], try row["contentHash"], try row["path"], try row["document"], try row["syncedAt"], try row["retiredAt"]))
            }
            for row in try db.rows(
                "SELECT id, version, contentHash, path, document, title, validFrom, validUntil, active, syncedAt FROM snippet WHERE id IN (\(marks))",
                chunk)
            {
                let id: String = try row["id"]
                snippets.append(
                    SnippetRow(
                        id: id, version: try row["version"], contentHash: try row["contentHash"], path: try row["path"],
                        document: try row["document"], title: try row["title"], validFrom: try row["validFrom"],
                        validUntil: try row["validUntil"], active: try row["active"], syncedAt: try row["syncedAt"],
                        versions: (versions[id] ?? []).map {
                            (version: $0.0, contentHash: $0.1, path: $0.2, document: $0.3, syncedAt: $0.4, retiredAt: $0.5)
                        }))
            }
        }
        phrasingIDs = Set(try db.column("SELECT id FROM learned_phrasing", as: Int64.self))
        let newIDs = phrasingIDs.subtracting(local.phrasingIDs).sorted()
        for chunk in stride(from: 0, to: newIDs.count, by: 500).map({ Array(newIDs[$0..<min($0 + 500, newIDs.count)]) }) {
            for row in try db.rows(
                "SELECT id, snippetId, text, origin, createdAt, itemId FROM learned_phrasing WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))",
                chunk)
            {
                newPhrasings.append(
                    Phrasing(
                        id: try row["id"], snippetID: try row["snippetId"], text: try row["text"], origin: try row["origin"],
                        createdAt: try row["createdAt"], itemID: try row["itemId"]))
            }
        }
        confidenceOutcomes = try Self.outcomes(
            db, table: "confidence_outcome",
            columns: [
                "confidence", "correct", "origin", "createdAt", "learnedCorrect", "unlearnedCorrect", "abstained", "domainConfidence", "ranking",
            ],
            local: local.confidenceIDs)
        rankingOutcomes = try Self.outcomes(
            db, table: "ranking_outcome", columns: ["snippetId", "chosen", "origin", "createdAt"], local: local.rankingIDs)
    }

    private static func outcomes(_ db: any SQLSession, table: String, columns: [String], local: Set<Int64>) throws -> Outcomes {
        let ids = try db.column("SELECT id FROM \(table) ORDER BY id", as: Int64.self)
        var outcomes = Outcomes()
        outcomes.ids = "[" + ids.map(String.init).joined(separator: ",") + "]"
        let newIDs = ids.filter { !local.contains($0) }
        let insert =
            "INSERT OR IGNORE INTO \(table) (id, \(columns.joined(separator: ", "))) VALUES (\((0...columns.count).map { _ in "?" }.joined(separator: ", ")))"
        for chunk in stride(from: 0, to: newIDs.count, by: 500).map({ Array(newIDs[$0..<min($0 + 500, newIDs.count)]) }) {
            for row in try db.rows(
                "SELECT id, \(columns.joined(separator: ", ")) FROM \(table) WHERE id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))", chunk)
            {
                outcomes.new.append((insert, try (0...columns.count).map { try row[$0] as SQLValue }))
            }
        }
        return outcomes
    }

    /// The index's learned phrasings that the shared table no longer has.
    func removedPhrasings(_ db: Database) throws -> [(id: Int64, snippetID: String, text: String)] {
        try Row.fetchAll(db, sql: "SELECT id, snippetId, text FROM learned_phrasing ORDER BY id").compactMap { row in
            let id: Int64 = row["id"]
            return phrasingIDs.contains(id) ? nil : (id, row["snippetId"], row["text"])
        }
    }
}

extension KnowledgeBase {
    /// Which migrations the workflow's database has: the shared database's, or the SQLite file's.
    public func schemaStatus() throws -> SchemaStatus {
        if store.isShared { return try store.read(DatabaseSchema.sharedStatus) }
        let applied = try index.read { db in try DatabaseSchema.migrator.appliedIdentifiers(db) }
        let known = DatabaseSchema.steps.map(\.id)
        return SchemaStatus(applied: known.filter(applied.contains), known: known)
    }
}
