import Foundation
import GRDB

extension KnowledgeBase {
    /// Removes learned phrasings (confirmed citizen questions) stored before `cutoff`, re-indexes their snippets and
    /// drops their sentence vectors, in the caller's transaction: learned text expires with the retention period unless
    /// the press office has copied it into a snippet's `questions:`.
    ///
    /// - Returns: how many phrasings were removed.
    @discardableResult
    func forget(_ db: Database, learnedBefore cutoff: String) throws -> Int {
        try forget(
            db, where: "createdAt < ? AND origin = ?", arguments: [cutoff, LearningOrigin.confirmation.rawValue])
    }

    /// Removes the learned phrasings taken from these items' messages (an erasure request, or retention of the items).
    @discardableResult
    func forget(_ db: Database, learnedFrom itemIDs: [Int64]) throws -> Int {
        guard !itemIDs.isEmpty else { return 0 }
        return try forget(db, where: "itemId IN (\(itemIDs.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(itemIDs))
    }

    private func forget(_ db: Database, where condition: String, arguments: StatementArguments) throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT id, snippetId, text FROM learned_phrasing WHERE \(condition)", arguments: arguments)
        guard !rows.isEmpty else { return 0 }
        let ids: [Int64] = rows.map { $0["id"] }
        try db.execute(
            sql: "DELETE FROM learned_phrasing WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(ids))
        // A vector is derived from the text: it goes with it, for every model and role.
        let digests = rows.flatMap { row in EmbeddingRole.allCases.map { EmbeddingCache.digest(row["text"], role: $0) } }
        try db.execute(
            sql: "DELETE FROM embedding WHERE digest IN (\(digests.map { _ in "?" }.joined(separator: ",")))", arguments: StatementArguments(digests))
        for snippetID in Set(rows.map { $0["snippetId"] as String }) {
            if let row = try Row.fetchOne(db, sql: "SELECT docid, document FROM snippet WHERE id = ? AND active = 1", arguments: [snippetID]) {
                try Self.index(db, docid: row["docid"], snippet: try Self.decode(row["document"]), analyzer: analyzer)
            }
        }
        try Self.bumpGeneration(db)
        return rows.count
    }

    /// Leaves no removed byte behind: with `secure_delete` on (every connection), freed space is already zeroed; this
    /// merges the full-text index into one segment (its old segments still hold the terms of removed phrasings) and
    /// checkpoints the WAL with truncation, so that no old page image stays in the `-wal` file.
    public func compact(fullTextIndex: Bool = true) throws {
        if fullTextIndex {
            try store.write { db in try db.execute(sql: "INSERT INTO snippet_fts(snippet_fts) VALUES('optimize')") }
        }
        try store.writeWithoutTransaction { db in
            _ = try db.checkpoint(.truncate)
        }
    }

    /// Removes the phrasings and outcomes an undone action taught, and re-indexes the snippets whose phrasings changed.
    func forget(_ db: Database, taughtBetween before: UndoPoint.Watermarks, and after: UndoPoint.Watermarks) throws {
        let snippets = try String.fetchAll(
            db, sql: "SELECT DISTINCT snippetId FROM learned_phrasing WHERE id > ? AND id <= ?", arguments: [before.phrasing, after.phrasing])
        try db.execute(sql: "DELETE FROM learned_phrasing WHERE id > ? AND id <= ?", arguments: [before.phrasing, after.phrasing])
        try db.execute(sql: "DELETE FROM confidence_outcome WHERE id > ? AND id <= ?", arguments: [before.confidence, after.confidence])
        try db.execute(sql: "DELETE FROM ranking_outcome WHERE id > ? AND id <= ?", arguments: [before.ranking, after.ranking])
        guard !snippets.isEmpty else { return }
        for snippetID in snippets {
            guard let row = try Row.fetchOne(db, sql: "SELECT docid, document FROM snippet WHERE id = ? AND active = 1", arguments: [snippetID])
            else { continue }
            try Self.index(db, docid: row["docid"], snippet: try Self.decode(row["document"]), analyzer: analyzer)
        }
        try Self.bumpGeneration(db)
    }
}
