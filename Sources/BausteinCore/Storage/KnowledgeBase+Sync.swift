import Foundation
import GRDB

/// What one sync changed.
public struct SyncReport: Sendable, Equatable, Codable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var retired: [String] = []

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
        return try store.write { db in
            var report = SyncReport()
            let existing = try Row.fetchAll(db, sql: "SELECT docid, id, version, contentHash, active FROM snippet")
            var byID: [String: Row] = [:]
            for row in existing { byID[row["id"]] = row }
            let rebuild = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'analysisVersion'") != Self.analysisVersion
            let preparation = try Preparation(db, existing: byID, rebuild: rebuild, analyzer: analyzer)

            for batch in preparation.batches(of: sources, size: batchSize) {
                for (source, (document, hash, unchanged, rows)) in zip(batch, try preparation.prepare(batch)) {
                    let snippet = source.snippet
                    if let row = byID.removeValue(forKey: snippet.id) {
                        let docid: Int64 = row["docid"]
                        let wasActive: Bool = row["active"]
                        if unchanged {
                            report.unchanged.append(snippet.id)
                            if try String.fetchOne(db, sql: "SELECT path FROM snippet WHERE docid = ?", arguments: [docid]) != source.path {
                                try db.execute(sql: "UPDATE snippet SET path = ? WHERE docid = ?", arguments: [source.path, docid])
                            }
                            if let rows { try Self.index(db, docid: docid, rows: rows) }
                            continue
                        }
                        let version: Int = row["version"] + 1
                        try db.execute(
                            sql: """
                                UPDATE snippet SET version = ?, contentHash = ?, path = ?, document = ?, title = ?,
                                    validFrom = ?, validUntil = ?, active = 1, syncedAt = ? WHERE docid = ?
                                """,
                            arguments: [
                                version, hash, source.path, document, snippet.title, snippet.validFrom?.description,
                                snippet.validUntil?.description, now, docid,
                            ])
                        try Self.insertVersion(db, snippet: snippet, version: version, hash: hash, path: source.path, document: document, now: now)
                        if let rows { try Self.index(db, docid: docid, rows: rows) }
                        if wasActive { report.changed.append(snippet.id) } else { report.added.append(snippet.id) }
                    } else {
                        try db.execute(
                            sql: """
                                INSERT INTO snippet (id, version, contentHash, path, document, title, validFrom, validUntil, active, syncedAt)
                                VALUES (?, 1, ?, ?, ?, ?, ?, ?, 1, ?)
                                """,
                            arguments: [
                                snippet.id, hash, source.path, document, snippet.title, snippet.validFrom?.description,
                                snippet.validUntil?.description, now,
                            ])
                        let docid = db.lastInsertedRowID
                        try Self.insertVersion(db, snippet: snippet, version: 1, hash: hash, path: source.path, document: document, now: now)
                        if let rows { try Self.index(db, docid: docid, rows: rows) }
                        report.added.append(snippet.id)
                    }
                }
                progress?(WorkProgress(done: batch.endIndex, total: sources.count))
            }
            for (id, row) in byID where row["active"] as Bool {
                let docid: Int64 = row["docid"]
                try db.execute(sql: "UPDATE snippet SET active = 0, syncedAt = ? WHERE docid = ?", arguments: [now, docid])
                try db.execute(
                    sql: "UPDATE snippet_version SET retiredAt = ? WHERE snippetId = ? AND version = ?",
                    arguments: [now, id, row["version"] as Int])
                try Self.unindex(db, docid: docid)
                report.retired.append(id)
            }
            try db.execute(
                sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('analysisVersion', ?)", arguments: [Self.analysisVersion])
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
        let analyzer: Analyzer

        init(_ db: Database, existing: [String: Row], rebuild: Bool, analyzer: Analyzer) throws {
            var learned: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT snippetId, text FROM learned_phrasing ORDER BY id") {
                learned[row["snippetId"], default: []].append(row["text"])
            }
            self.learned = learned
            stored = existing.mapValues { (hash: $0["contentHash"], active: $0["active"]) }
            self.rebuild = rebuild
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
            let rows = unchanged && !rebuild ? nil : IndexRows(snippet: snippet, learned: learned[snippet.id] ?? [], analyzer: analyzer)
            return (document, hash, unchanged, rows)
        }
    }

    private static func insertVersion(
        _ db: Database, snippet: Snippet, version: Int, hash: String, path: String, document: String, now: String
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO snippet_version (snippetId, version, contentHash, path, document, syncedAt)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [snippet.id, version, hash, path, document, now])
    }

    /// Marks a change that matchers must see: they reload the vocabulary when the generation moves.
    static func bumpGeneration(_ db: Database) throws {
        try bump(db, key: "generation")
    }

    /// Counts a change up in `meta`: `generation` for anything the index holds (learning included),
    /// `snippetGeneration` for the snippets themselves (the meaning channel's vectors follow it).
    static func bump(_ db: Database, key: String) throws {
        try db.execute(
            sql: """
                INSERT INTO meta (key, value) VALUES (?, '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
                """,
            arguments: [key])
    }
}
