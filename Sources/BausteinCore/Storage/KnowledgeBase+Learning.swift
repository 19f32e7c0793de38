import Foundation
import GRDB

/// Where a learned phrasing came from.
public enum LearningOrigin: String, Sendable, Codable {
    /// Staff confirmed (or the press office approved) a reply built on the snippet.
    case confirmation
    /// `baustein eval --learn` replayed a labelled pair.
    case evaluation
}

extension KnowledgeBase {
    /// Teaches the matcher that citizens ask for `snippetID` in these words.
    ///
    /// This is the one path for learning: staff confirmations and `baustein eval --learn` both call it.
    /// The phrasing becomes part of the snippet's searchable text (its own field, weighted apart from the
    /// press office's questions). A phrasing already known for the snippet is not stored twice.
    ///
    /// - Returns: true when the phrasing was new.
    @discardableResult
    public func learn(phrasing: String, snippetID: String, origin: LearningOrigin) throws -> Bool {
        try writer.write { db in try learn(db, phrasing: phrasing, snippetID: snippetID, origin: origin) }
    }

    /// ``learn(phrasing:snippetID:origin:)`` inside a transaction that is already open, so that a confirmation
    /// and what it teaches commit together.
    @discardableResult
    func learn(_ db: Database, phrasing: String, snippetID: String, origin: LearningOrigin) throws -> Bool {
        let text = phrasing.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return false }
        guard let row = try Row.fetchOne(
            db, sql: "SELECT docid, document FROM snippet WHERE id = ? AND active = 1", arguments: [snippetID])
        else { throw StorageError.unknownSnippet(snippetID) }
        try db.execute(
            sql: "INSERT OR IGNORE INTO learned_phrasing (snippetId, text, origin, createdAt) VALUES (?, ?, ?, ?)",
            arguments: [snippetID, text, origin.rawValue, clock.timestamp])
        guard db.changesCount > 0 else { return false }
        try Self.index(db, docid: row["docid"], snippet: try Self.decode(row["document"]), analyzer: self.analyzer)
        try Self.bumpGeneration(db)
        return true
    }

    /// Learned phrasings of a snippet, oldest first.
    public func learnedPhrasings(of snippetID: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT text FROM learned_phrasing WHERE snippetId = ? ORDER BY id", arguments: [snippetID])
        }
    }
}
