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
        defer { followSharedChange() }
        return try store.write { db in try learn(db, phrasing: phrasing, snippetID: snippetID, origin: origin) }
    }

    /// ``learn(phrasing:snippetID:origin:)`` inside a transaction that is already open, so that a confirmation
    /// and what it teaches commit together. In the SQLite file the index changes in the same transaction; a shared
    /// database only counts its generation up, and each server's index follows (``refreshIndex()``).
    ///
    /// - Parameter itemID: the item whose message the phrasing was taken from (an erasure request removes it with it).
    @discardableResult
    func learn(_ db: any SQLSession, phrasing: String, snippetID: String, origin: LearningOrigin, itemID: Int64? = nil) throws -> Bool {
        let text = phrasing.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return false }
        guard let row = try db.row("SELECT docid, document FROM snippet WHERE id = ? AND active = 1", [snippetID])
        else { throw StorageError.unknownSnippet(snippetID) }
        let inserted = try db.execute(
            "INSERT INTO learned_phrasing (snippetId, text, origin, createdAt, itemId) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [snippetID, text, origin.rawValue, Timestamp.format(clock.now()), itemID])
        guard inserted > 0 else { return false }
        if let database = db as? Database {
            try Self.index(database, docid: try row["docid"], snippet: try Self.decode(try row["document"]), analyzer: self.analyzer)
        }
        try Self.bumpGeneration(db)
        return true
    }

    /// Records whether the matcher's first suggestion, shown with the fitted `confidence` (and under an abstention
    /// or not), was the snippet that went out (a reply without a snippet: it was not): the base's confidence scaling
    /// (``ConfidenceRecalibration``) is fitted on these. `check` says whether the first place with the learned evidence
    /// and the one by the snippets' own text were it (``LearningCheck``), when the match knew both. `answered` is the
    /// question's domain confidence and what the matcher ranked by, for a reply built on a snippet only: the base
    /// answered the question, and learns its abstention bar from such questions (``DomainThreshold``).
    public func recordOutcome(
        confidence: Double, abstained: Bool, correct: Bool, check: (learned: Bool, unlearned: Bool)? = nil,
        answered: (domainConfidence: Double, ranking: String)? = nil, origin: LearningOrigin
    ) throws {
        defer { followSharedChange() }
        try store.write { db in
            try recordOutcome(
                db, confidence: confidence, abstained: abstained, correct: correct, check: check, answered: answered, origin: origin)
        }
    }

    func recordOutcome(
        _ db: any SQLSession, confidence: Double, abstained: Bool, correct: Bool, check: (learned: Bool, unlearned: Bool)? = nil,
        answered: (domainConfidence: Double, ranking: String)? = nil, origin: LearningOrigin
    ) throws {
        guard confidence.isFinite, (0...1).contains(confidence) else { return }
        let domain = answered.flatMap { (0...1).contains($0.domainConfidence) ? $0 : nil }
        try db.execute(
            """
            INSERT INTO confidence_outcome
                (confidence, correct, origin, createdAt, learnedCorrect, unlearnedCorrect, abstained, domainConfidence, ranking)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                confidence, correct, origin.rawValue, clock.timestamp, check?.learned, check?.unlearned, abstained, domain?.domainConfidence,
                domain?.ranking,
            ])
    }

    /// Records which of the shown suggestions staff chose and which they passed over: those ranked above the
    /// first chosen one, or all of them when the reply went out on a snippet that was not shown. The matcher learns
    /// from these which parts of the base staff take when suggested (``GroupPreference``).
    ///
    /// - Parameters:
    ///   - shown: the suggested snippet ids, best first (empty when the matcher abstained: nothing was passed over).
    ///   - chosen: the snippets the reply was built on (an evaluation pair may name several right ones).
    public func recordRanking(shown: [String], chosen: Set<String>, origin: LearningOrigin) throws {
        defer { followSharedChange() }
        try store.write { db in try recordRanking(db, shown: shown, chosen: chosen, origin: origin) }
    }

    func recordRanking(_ db: any SQLSession, shown: [String], chosen: Set<String>, origin: LearningOrigin) throws {
        let passedOver = shown.prefix { !chosen.contains($0) }
        let insert = "INSERT INTO ranking_outcome (snippetId, chosen, origin, createdAt) VALUES (?, ?, ?, ?)"
        for id in passedOver { try db.execute(insert, [id, false, origin.rawValue, clock.timestamp]) }
        for id in chosen.sorted() { try db.execute(insert, [id, true, origin.rawValue, clock.timestamp]) }
    }

    /// The newest outcomes' ids (0 for none) and the example check's stamp: the matcher refits its confidence scaling
    /// and its group preference when they change.
    static func latestOutcomes(_ db: Database) throws -> [Int64] {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT (SELECT COALESCE(MAX(id), 0) FROM confidence_outcome), (SELECT COALESCE(MAX(id), 0) FROM ranking_outcome),
                           (SELECT COALESCE(CAST(value AS INTEGER), 0) FROM meta WHERE key = ?)
                    """), arguments: [ExampleCheck.stampKey])
        return [row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0]
    }

    /// The learning check over the latest outcomes that carry one.
    static func learningCheck(_ db: Database) throws -> LearningCheck {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT learnedCorrect, unlearnedCorrect FROM confidence_outcome
                WHERE learnedCorrect IS NOT NULL AND unlearnedCorrect IS NOT NULL ORDER BY id DESC LIMIT ?
                """, arguments: [LearningCheck.window])
        return LearningCheck(outcomes: rows.map { (learned: $0["learnedCorrect"], unlearned: $0["unlearnedCorrect"]) })
    }

    /// The abstention bar learned from the domain confidences of the latest questions the base answered under `ranking`.
    static func domainThreshold(_ db: Database, ranking: String, bound: Double) throws -> DomainThreshold {
        let answered = try Double.fetchAll(
            db,
            sql: """
                SELECT domainConfidence FROM confidence_outcome WHERE domainConfidence IS NOT NULL AND ranking = ?
                ORDER BY id DESC LIMIT ?
                """, arguments: [ranking, DomainThreshold.window])
        return DomainThreshold(answered: answered, bound: bound)
    }

    /// The confidence scaling fitted on the latest outcomes and the example check's (``ExampleCheck``), if any.
    static func recalibration(_ db: Database, examples: ExampleCheck? = nil) throws -> ConfidenceRecalibration {
        let rows = try Row.fetchAll(
            db, sql: "SELECT confidence, correct, COALESCE(abstained, 0) AS abstained FROM confidence_outcome ORDER BY id DESC LIMIT ?",
            arguments: [ConfidenceRecalibration.window])
        return ConfidenceRecalibration(
            outcomes: rows.map { .init(confidence: $0["confidence"], abstained: $0["abstained"], correct: $0["correct"]) },
            examples: examples?.outcomes ?? [])
    }

    /// The confidence scaling fitted on the confirmations alone (``ConfidenceRecalibration/identity`` until enough);
    /// ``Matcher/recalibration()`` adds the example check.
    public func recalibration() throws -> ConfidenceRecalibration {
        try index.read { db in try Self.recalibration(db) }
    }

    /// Learned phrasings of a snippet, oldest first.
    public func learnedPhrasings(of snippetID: String) throws -> [String] {
        try index.read { db in
            try String.fetchAll(db, sql: "SELECT text FROM learned_phrasing WHERE snippetId = ? ORDER BY id", arguments: [snippetID])
        }
    }

    /// What the matcher has learned about its groups from the recorded ranking outcomes (`baustein report preference`).
    public func groupPreference(
        strength: Double = MatchWeights().preferenceStrength, minimumLift: Double = MatchWeights().preferenceMinimumLift
    ) throws -> GroupPreference {
        try index.read { db in try GroupPreference.load(db, strength: strength, minimumLift: minimumLift) }
    }

    /// Whether the learned evidence has earned its place on this base's confirmations (``LearningCheck``).
    public func learningCheck() throws -> LearningCheck {
        try index.read { db in try Self.learningCheck(db) }
    }
}
