import Foundation
import GRDB

extension KnowledgeBase {
    /// What indexing one snippet writes: its fields folded for the full-text index and their analysed terms.
    /// It touches no database, so a sync prepares many snippets on all cores before writing them in one transaction.
    struct IndexRows: Sendable {
        /// Title, questions, learned phrasings, keywords, body.
        var fields: [String]
        /// The same fields as analysed terms, one line per question, phrasing or keyword.
        var analysis: [String]

        init(snippet: Snippet, learned: [String], analyzer: Analyzer) {
            let body = KnowledgeBase.indexableBody(snippet.body)
            fields = [
                snippet.title, snippet.questions.joined(separator: "\n"), learned.joined(separator: "\n"),
                snippet.keywords.joined(separator: "\n"), body,
            ].map(TextFolding.normalize)
            func lines(_ texts: [String]) -> String {
                texts.map { analyzer.terms($0).joined(separator: " ") }.joined(separator: "\n")
            }
            analysis = [lines([snippet.title]), lines(snippet.questions), lines(learned), lines(snippet.keywords), lines([body])]
        }
    }

    /// (Re)writes a snippet's full-text row and its stored analysis, with its learned phrasings as they are now.
    static func index(_ db: Database, docid: Int64, snippet: Snippet, analyzer: Analyzer) throws {
        let learned = try String.fetchAll(
            db.cachedStatement(sql: "SELECT text FROM learned_phrasing WHERE snippetId = ? ORDER BY id"), arguments: [snippet.id])
        try index(db, docid: docid, rows: IndexRows(snippet: snippet, learned: learned, analyzer: analyzer))
    }

    /// (Re)writes a snippet's full-text row and its stored analysis from rows prepared beforehand.
    static func index(_ db: Database, docid: Int64, rows: IndexRows) throws {
        // Cached statements: a sync of 10,000 snippets would otherwise compile these statements 10,000 times.
        try unindex(db, docid: docid)
        let fields = rows.fields
        try db.cachedStatement(sql: "INSERT INTO snippet_fts (rowid, title, questions, learned, keywords, body) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [docid, fields[0], fields[1], fields[2], fields[3], fields[4]])
        let analysis = rows.analysis
        try db.cachedStatement(sql: "INSERT INTO snippet_analysis (docid, title, questions, learned, keywords, body) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [docid, analysis[0], analysis[1], analysis[2], analysis[3], analysis[4]])
    }

    static func unindex(_ db: Database, docid: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM snippet_fts WHERE rowid = ?").execute(arguments: [docid])
        try db.cachedStatement(sql: "DELETE FROM snippet_analysis WHERE docid = ?").execute(arguments: [docid])
    }

    /// The reply text without placeholders, which say nothing about the topic.
    static func indexableBody(_ body: String) -> String {
        Placeholder.replacing(in: body) { _ in " " }
    }

    /// The current snippet with this id, if it is active.
    public func snippet(id: String) throws -> Snippet? {
        try index.read { db in
            try String.fetchOne(db, sql: "SELECT document FROM snippet WHERE id = ? AND active = 1", arguments: [id])
        }.map(Self.decode)
    }

    /// A specific version of a snippet, also of retired ones: the audit trail shows exactly what was sent.
    public func snippet(id: String, version: Int) throws -> Snippet? {
        try index.read { db in
            try String.fetchOne(
                db, sql: "SELECT document FROM snippet_version WHERE snippetId = ? AND version = ?", arguments: [id, version])
        }.map(Self.decode)
    }

    /// Version numbers and hashes of a snippet, oldest first.
    public func versions(of id: String) throws -> [(version: Int, contentHash: String, retired: Bool)] {
        try index.read { db in
            try Row.fetchAll(
                db, sql: "SELECT version, contentHash, retiredAt FROM snippet_version WHERE snippetId = ? ORDER BY version",
                arguments: [id]
            ).map { ($0["version"], $0["contentHash"], ($0["retiredAt"] as String?) != nil) }
        }
    }

    /// The number of active snippets.
    public func activeSnippetCount() throws -> Int {
        try index.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snippet WHERE active = 1") ?? 0 }
    }

    static func decode(_ document: String) throws -> Snippet {
        try JSONDecoder().decode(Snippet.self, from: Data(document.utf8))
    }
}
