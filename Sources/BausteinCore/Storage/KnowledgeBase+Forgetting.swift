import Foundation
import GRDB

extension KnowledgeBase {
    /// Removes learned phrasings (confirmed citizen questions) stored before `cutoff`, re-indexes their snippets and
    /// drops their sentence vectors, in the caller's transaction: learned text expires with the retention period unless
    /// the press office has copied it into a snippet's `questions:`.
    ///
    /// - Returns: how many phrasings were removed.
    @discardableResult
    func forget(_ db: any SQLSession, learnedBefore cutoff: String) throws -> Int {
        try forget(
            db, where: "createdAt < ? AND origin = ?", arguments: [cutoff, LearningOrigin.confirmation.rawValue])
    }

    /// Removes the learned phrasings taken from these items' messages (an erasure request, or retention of the items).
    @discardableResult
    func forget(_ db: any SQLSession, learnedFrom itemIDs: [Int64]) throws -> Int {
        guard !itemIDs.isEmpty else { return 0 }
        return try forget(db, where: "itemId IN (\(sqlPlaceholders(itemIDs.count)))", arguments: itemIDs)
    }

    private func forget(_ db: any SQLSession, where condition: String, arguments: [any SQLBindable]) throws -> Int {
        let rows = try db.rows("SELECT id, snippetId, text FROM learned_phrasing WHERE \(condition)", arguments)
        guard !rows.isEmpty else { return 0 }
        let ids: [Int64] = try rows.map { try $0["id"] }
        try db.execute("DELETE FROM learned_phrasing WHERE id IN (\(sqlPlaceholders(ids.count)))", ids)
        if let database = db as? Database {
            try dropFromIndex(
                database, phrasings: try rows.map { (snippetID: try $0["snippetId"], text: try $0["text"]) })
        }
        try Self.bumpGeneration(db)
        return rows.count
    }

    /// What the index keeps of removed learned phrasings: their sentence vectors go (derived from the text, for every
    /// model and role), and their snippets are indexed anew without them.
    func dropFromIndex(_ db: Database, phrasings: [(snippetID: String, text: String)]) throws {
        let digests = phrasings.flatMap { phrasing in EmbeddingRole.allCases.map { EmbeddingCache.digest(phrasing.text, role: $0) } }
        if !digests.isEmpty {
            try db.execute(
                sql: "DELETE FROM embedding WHERE digest IN (\(sqlPlaceholders(digests.count)))",
                arguments: StatementArguments(digests))
        }
        try reindex(db, snippets: Set(phrasings.map(\.snippetID)))
    }

    /// Indexes these snippets anew (their learned phrasings changed), those that are active.
    func reindex(_ db: Database, snippets: Set<String>) throws {
        for snippetID in snippets.sorted() {
            if let row = try Row.fetchOne(db, sql: "SELECT docid, document FROM snippet WHERE id = ? AND active = 1", arguments: [snippetID]) {
                try Self.index(db, docid: row["docid"], snippet: try Self.decode(row["document"]), analyzer: analyzer)
            }
        }
    }

    /// Leaves no removed byte behind: with `secure_delete` on (every connection), freed space is already zeroed; this
    /// merges the full-text index into one segment (its old segments still hold the terms of removed phrasings) and
    /// checkpoints the WAL with truncation, so that no old page image stays in the `-wal` file.
    public func compact(fullTextIndex: Bool = true) throws {
        if fullTextIndex {
            try index.write { db in try db.execute(sql: "INSERT INTO snippet_fts(snippet_fts) VALUES('optimize')") }
        }
        try index.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
        }
    }

    /// Removes the phrasings and outcomes an undone action taught, and re-indexes the snippets whose phrasings changed.
    func forget(_ db: any SQLSession, taughtBetween before: UndoPoint.Watermarks, and after: UndoPoint.Watermarks) throws {
        let snippets = try db.column(
            "SELECT DISTINCT snippetId FROM learned_phrasing WHERE id > ? AND id <= ?", [before.phrasing, after.phrasing], as: String.self)
        try db.execute("DELETE FROM learned_phrasing WHERE id > ? AND id <= ?", [before.phrasing, after.phrasing])
        try db.execute("DELETE FROM confidence_outcome WHERE id > ? AND id <= ?", [before.confidence, after.confidence])
        try db.execute("DELETE FROM ranking_outcome WHERE id > ? AND id <= ?", [before.ranking, after.ranking])
        guard !snippets.isEmpty else { return }
        if let database = db as? Database { try reindex(database, snippets: Set(snippets)) }
        try Self.bumpGeneration(db)
    }
}
