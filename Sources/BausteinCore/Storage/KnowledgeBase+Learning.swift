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

    /// Records whether the matcher's first suggestion, shown with the fitted `confidence`, was the snippet that
    /// was confirmed: the base's confidence scaling (``ConfidenceRecalibration``) is fitted on these.
    public func recordOutcome(confidence: Double, correct: Bool, origin: LearningOrigin) throws {
        try writer.write { db in try recordOutcome(db, confidence: confidence, correct: correct, origin: origin) }
    }

    func recordOutcome(_ db: Database, confidence: Double, correct: Bool, origin: LearningOrigin) throws {
        guard confidence.isFinite, (0...1).contains(confidence) else { return }
        try db.execute(
            sql: "INSERT INTO confidence_outcome (confidence, correct, origin, createdAt) VALUES (?, ?, ?, ?)",
            arguments: [confidence, correct, origin.rawValue, clock.timestamp])
    }

    /// The newest outcome's id (0 for none): the matcher refits its scaling when it changes.
    static func latestOutcome(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM confidence_outcome")) ?? 0
    }

    /// The confidence scaling fitted on the latest outcomes.
    static func recalibration(_ db: Database) throws -> ConfidenceRecalibration {
        let rows = try Row.fetchAll(
            db, sql: "SELECT confidence, correct FROM confidence_outcome ORDER BY id DESC LIMIT ?",
            arguments: [ConfidenceRecalibration.window])
        return ConfidenceRecalibration(outcomes: rows.map { (confidence: $0["confidence"], correct: $0["correct"]) })
    }

    /// The confidence scaling the matcher uses now (``ConfidenceRecalibration/identity`` until enough
    /// confirmations).
    public func recalibration() throws -> ConfidenceRecalibration {
        try writer.read { db in try Self.recalibration(db) }
    }

    /// Learned phrasings of a snippet, oldest first.
    public func learnedPhrasings(of snippetID: String) throws -> [String] {
        try writer.read { db in
            try String.fetchAll(db, sql: "SELECT text FROM learned_phrasing WHERE snippetId = ? ORDER BY id", arguments: [snippetID])
        }
    }
}
