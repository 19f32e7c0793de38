import Foundation
import GRDB

/// What one sync changed.
public struct SyncReport: Sendable, Equatable, Codable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var retired: [String] = []
    /// The example check after the sync (``ExampleCheck``), when the caller ran it (`baustein sync` does).
    public var examples: Examples?

    /// How many example questions the check held out and how many found their own snippet first.
    public struct Examples: Sendable, Equatable, Codable {
        public var asked: Int
        public var right: Int

        public init(asked: Int, right: Int) {
            self.asked = asked
            self.right = right
        }
    }

    public var hasChanges: Bool { !(added.isEmpty && changed.isEmpty && retired.isEmpty) }
}

/// Why a sync did not run.
public enum SyncError: Error, CustomStringConvertible {
    /// The snippets folder has problems; nothing was written.
    case lintFailed([SnippetFileError])

    public var description: String {
        switch self {
        case .lintFailed(let problems):
            let list = problems.map(\.description).joined(separator: "\n")
            return "\(list)\nSync abgebrochen: \(problems.count) Problem(e) in den Textbausteinen, an der Datenbank wurde nichts geändert."
        }
    }
}

extension KnowledgeBase {
    /// Brings the database in line with the snippet files, all or nothing.
    ///
    /// New snippets are added, changed ones get a new version (the old one is kept for the audit trail),
    /// snippets whose files are gone are retired (kept, no longer suggested). Messages, reviews and learned
    /// phrasings are never touched.
    ///
    /// - Parameter progress: called after each batch of snippets is written (a base of 100,000 takes about 40 s).
    /// - Throws: ``SyncError/lintFailed(_:)`` when any file has a problem; the database is then unchanged.
    @discardableResult
    public func sync(_ library: SnippetLibrary, progress: ((WorkProgress) -> Void)? = nil) throws -> SyncReport {
        guard library.problems.isEmpty else { throw SyncError.lintFailed(library.problems) }
        return try sync(library.snippets, progress: progress)
    }

    /// Syncs an already validated set of snippets (from files or an imported FAQ).
    @discardableResult
    public func sync(_ sources: [SnippetSource], progress: ((WorkProgress) -> Void)? = nil) throws -> SyncReport {
        try sync(sources, batchSize: Preparation.batchSize, progress: progress)
    }

    /// ``sync(_:)`` preparing `batchSize` snippets at a time (tests cross batch boundaries with small batches).
    func sync(_ sources: [SnippetSource], batchSize: Int, progress: ((WorkProgress) -> Void)? = nil) throws -> SyncReport {
        let now = clock.timestamp
        defer { followSharedChange() }
        return try store.write { db in
            // In the SQLite file the index changes in the same transaction; a shared database holds no index: each
            // server's index follows it (``refreshIndex()``).
            let indexing = db as? Database
            var report = SyncReport()
            var byID: [String: SQLRow] = [:]
            for row in try db.rows("SELECT docid, id, version, contentHash, active FROM snippet", []) { byID[try row["id"]] = row }
            let rebuild = try Store.metaValue(db, key: "analysisVersion") != Self.analysisVersion
            let preparation = try Preparation(db, existing: byID, rebuild: rebuild, indexing: indexing != nil, analyzer: analyzer)

            for batch in preparation.batches(of: sources, size: batchSize) {
                for (source, (document, hash, unchanged, rows)) in zip(batch, try preparation.prepare(batch)) {
                    let snippet = source.snippet
                    if let row = byID.removeValue(forKey: snippet.id) {
                        let docid: Int64 = try row["docid"]
                        let wasActive: Bool = try row["active"]
                        if unchanged {
                            report.unchanged.append(snippet.id)
                            try db.execute("UPDATE snippet SET path = ? WHERE docid = ? AND path <> ?", [source.path, docid, source.path])
                            if let rows, let indexing { try Self.index(indexing, docid: docid, rows: rows) }
                            continue
                        }
                        let version: Int = try row["version"] + 1
                        try db.execute(
                            """
                            UPDATE snippet SET version = ?, contentHash = ?, path = ?, document = ?, title = ?,
                                validFrom = ?, validUntil = ?, active = 1, syncedAt = ? WHERE docid = ?
                            """,
                            [
                                version, hash, source.path, document, snippet.title, snippet.validFrom?.description,
                                snippet.validUntil?.description, now, docid,
                            ])
                        try Self.insertVersion(db, snippet: snippet, version: version, hash: hash, path: source.path, document: document, now: now)
                        if let rows, let indexing { try Self.index(indexing, docid: docid, rows: rows) }
                        if wasActive { report.changed.append(snippet.id) } else { report.added.append(snippet.id) }
                    } else {
                        let docid = try db.insert(
                            """
                            INSERT INTO snippet (id, version, contentHash, path, document, title, validFrom, validUntil, active, syncedAt)
                            VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING docid
                            """,
                            [
                                snippet.id, hash, source.path, document, snippet.title, snippet.validFrom?.description,
                                snippet.validUntil?.description, now,
                            ])
                        try Self.insertVersion(db, snippet: snippet, version: 1, hash: hash, path: source.path, document: document, now: now)
                        if let rows, let indexing { try Self.index(indexing, docid: docid, rows: rows) }
                        report.added.append(snippet.id)
                    }
                }
                progress?(WorkProgress(done: batch.endIndex, total: sources.count))
            }
            for (id, row) in byID where try row["active"] as Bool {
                let docid: Int64 = try row["docid"]
                try db.execute("UPDATE snippet SET active = 0, syncedAt = ? WHERE docid = ?", [now, docid])
                try db.execute(
                    "UPDATE snippet_version SET retiredAt = ? WHERE snippetId = ? AND version = ?", [now, id, try row["version"] as Int])
                if let indexing { try Self.unindex(indexing, docid: docid) }
                report.retired.append(id)
            }
            try Store.setMetaValue(db, key: "analysisVersion", value: Self.analysisVersion)
            if report.hasChanges || rebuild { try Self.bumpGeneration(db) }
            if report.hasChanges { try Self.bump(db, key: "snippetGeneration") }
            report.added.sort()
            report.changed.sort()
            report.unchanged.sort()
            report.retired.sort()
            return report
        }
    }

    /// What a sync computes of each snippet before writing it: its stored document and hash, whether it is stored
    /// and active as it is, and its index rows unless it is unchanged and so is the analysis. Encoding, hashing and
    /// analysing are most of a large sync's work and touch no database, so they run on all cores, a batch at a time
    /// (a whole 100k base prepared at once would double the sync's memory).
    struct Preparation {
        typealias Prepared = (document: String, hash: String, unchanged: Bool, rows: IndexRows?)
        static let batchSize = 2_000

        let learned: [String: [String]]
        let stored: [String: (hash: String, active: Bool)]
        let rebuild: Bool
        /// Whether index rows are wanted at all (not for a shared database, which holds no index).
        let indexing: Bool
        let analyzer: Analyzer

        init(_ db: any SQLSession, existing: [String: SQLRow], rebuild: Bool, indexing: Bool, analyzer: Analyzer) throws {
            var learned: [String: [String]] = [:]
            if indexing {
                for row in try db.rows("SELECT snippetId, text FROM learned_phrasing ORDER BY id", []) {
                    learned[try row["snippetId"], default: []].append(try row["text"])
                }
            }
            self.learned = learned
            stored = try existing.mapValues { (hash: try $0["contentHash"], active: try $0["active"]) }
            self.rebuild = rebuild
            self.indexing = indexing
            self.analyzer = analyzer
        }

        /// The sources in batches: each is prepared, then written, so memory holds one batch's rows at a time.
        func batches(of sources: [SnippetSource], size: Int) -> [ArraySlice<SnippetSource>] {
            stride(from: 0, to: sources.count, by: max(size, 1)).map { sources[$0..<min($0 + max(size, 1), sources.count)] }
        }

        /// What is prepared of each source of a batch, in order, on all cores.
        func prepare(_ batch: ArraySlice<SnippetSource>) throws -> [Prepared] {
            try Array(batch).parallelMap(prepare)
        }

        private func prepare(_ source: SnippetSource) -> Prepared {
            let snippet = source.snippet
            // Encode once: the stored document and its hash are the same bytes.
            let document = snippet.canonicalJSON
            let hash = Hashing.sha256Hex(of: document)
            let unchanged = stored[snippet.id].map { $0.hash == hash && $0.active } ?? false
            let rows =
                !indexing || (unchanged && !rebuild) ? nil : IndexRows(snippet: snippet, learned: learned[snippet.id] ?? [], analyzer: analyzer)
            return (document, hash, unchanged, rows)
        }
    }

    private static func insertVersion(
        _ db: any SQLSession, snippet: Snippet, version: Int, hash: String, path: String, document: String, now: String
    ) throws {
        try db.execute(
            "INSERT INTO snippet_version (snippetId, version, contentHash, path, document, syncedAt) VALUES (?, ?, ?, ?, ?, ?)",
            [snippet.id, version, hash, path, document, now])
    }

    /// Marks a change that matchers must see: they reload the vocabulary when the generation moves.
    static func bumpGeneration(_ db: any SQLSession) throws {
        try bump(db, key: "generation")
        // The other servers' indexes follow at once: PostgreSQL delivers this with the transaction's commit, or not at all.
        if db.dialect == .postgres { try db.execute("SELECT pg_notify(?, '')", [SharedIndexChange.channel]) }
    }

    /// Counts a change up in `meta`: `generation` for anything the index holds (learning included),
    /// `snippetGeneration` for the snippets themselves (the meaning channel's vectors follow it).
    static func bump(_ db: any SQLSession, key: String) throws {
        try db.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
            [key])
    }
}
