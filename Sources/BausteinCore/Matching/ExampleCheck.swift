import Foundation
import GRDB

/// The base's own example questions asked as if a citizen had asked them: the first confidence figures a base has,
/// before staff have confirmed anything.
///
/// The fitted confidence model (``ConfidenceCalibration``) is one model for every base, and bases differ: on the
/// starter base its first suggestion is right far more often than the same evidence means on covidqa-de, where
/// near-duplicate entries of several agencies compete. Confirmations teach each base its scaling
/// (``ConfidenceRecalibration``), but only from 20 on. A base whose snippets carry example questions (`questions:`)
/// can be asked before that: each snippet with at least two hands one question to the check and keeps the others, a
/// copy of the base without the held-out questions is searched for them, and each answer says whether the first
/// suggestion was the snippet the question came from, with the model's confidence. Two rounds, the first and the last
/// question of each snippet, so that both the press office's main question and its looser variants are asked. From 20
/// such pairs they fit the base's scaling; from 20 confirmations on, the confirmations' fit starts from it (the centre
/// of its prior) instead of from no change, and by their number they take over. A base without example questions
/// (titles and replies only) has nothing to ask and keeps the fitted model until confirmations come.
///
/// The held-out question is gone from the copy, so the check is harder than a citizen's question about a snippet that
/// still has all its questions (starter base: 0.80 of the held-out questions right, 0.92 of its citizen questions).
public struct ExampleCheck: Sendable, Equatable, Codable {
    /// The snippet generation and the ranking (``Matcher/rankingName``) the check was run for: a sync that changes
    /// the snippets or a matcher that ranks otherwise needs a new one.
    public var snippetGeneration: String
    public var ranking: String
    /// Per held-out question: the fitted model's confidence of the first suggestion, whether the matcher abstained,
    /// and whether it was the question's snippet.
    public var outcomes: [Outcome]

    /// One held-out question's answer, as the confidence scaling reads it. A check stored before `abstained` was
    /// recorded does not decode: it counts as missing, and the next sync runs it again.
    public typealias Outcome = ConfidenceRecalibration.Observation

    /// How many held-out questions were answered right.
    public var right: Int { outcomes.filter(\.correct).count }

    /// At most this many questions are held out per round (the snippets first in the order of their id's hash): enough to
    /// fit two parameters, and a bound on the time a large base's check takes.
    public static let questionsPerRound = 400
    /// A base with more snippets is not checked: each round searches a copy of the whole base. Measured on 20,000
    /// generated snippets with three questions each, words only: the check (2 × 400 questions) took about 20 s and 280 MB
    /// (a sync that changed one snippet took 28 s with it, an unchanged one 8 s; the first sync 37 s with it).
    public static let maximumSnippets = 20_000

    /// A round's copy of the snippets and the questions held out of them.
    typealias HeldOut = (snippets: [Snippet], questions: [(text: String, snippetID: String)])

    /// Which question of each snippet a round holds out.
    enum Round: CaseIterable {
        case first, last
    }

    /// The snippets with one question held out of every one that has at least two (at most ``questionsPerRound``), and
    /// the held-out questions with their snippet's id.
    static func heldOut(_ snippets: [Snippet], round: Round, limit: Int = questionsPerRound) -> HeldOut {
        let asking = snippets.filter { $0.questions.count >= 2 }
            .sorted { (Hashing.sha256Hex(of: $0.id), $0.id) < (Hashing.sha256Hex(of: $1.id), $1.id) }
        let chosen = Set(asking.prefix(limit).map(\.id))
        var reduced: [Snippet] = []
        var questions: [(text: String, snippetID: String)] = []
        for var snippet in snippets {
            if chosen.contains(snippet.id) {
                let index = round == .first ? 0 : snippet.questions.count - 1
                questions.append((snippet.questions.remove(at: index), snippet.id))
            }
            reduced.append(snippet)
        }
        return (reduced, questions)
    }
}

extension Matcher {
    /// What the matcher ranks by, as the example check records it: the meaning model's id, or "words".
    var rankingName: String {
        meaning.map { weights.meaning > 0 ? $0.embedder.modelID : "words" } ?? "words"
    }

    /// The example check stored for the base's current snippets and this ranking, if there is one.
    public func currentExampleCheck() throws -> ExampleCheck? {
        try knowledgeBase.index.read { db in try Self.exampleCheck(db, ranking: rankingName) }
    }

    static func exampleCheck(_ db: Database, ranking: String) throws -> ExampleCheck? {
        guard let json = try Store.metaValue(db, key: ExampleCheck.metaKey),
            let check = try? JSONDecoder().decode(ExampleCheck.self, from: Data(json.utf8)),
            check.ranking == ranking, check.snippetGeneration == (try Store.metaValue(db, key: "snippetGeneration") ?? "0")
        else { return nil }
        return check
    }

    /// Runs the example check when the stored one is not for the base's current snippets and this ranking (after a
    /// sync, or on a server's index after a refresh from the shared database).
    ///
    /// - Returns: the new check, or nil when the stored one is current.
    public func checkExamplesIfStale(progress: ((WorkProgress) -> Void)? = nil) throws -> ExampleCheck? {
        try currentExampleCheck() == nil ? try checkExamples(progress: progress) : nil
    }

    /// Runs the example check (``ExampleCheck``) on the base's active snippets and stores it, replacing the last one;
    /// the confidence scaling reads it from the next question on.
    ///
    /// - Parameters:
    ///   - maximumSnippets: a base with more active snippets is not checked (``ExampleCheck/maximumSnippets``).
    ///   - progress: called as each round's copy of the snippets is written and after each held-out question (the
    ///     work counts one step per snippet copied and per question asked).
    /// - Returns: the check, with no outcomes when no snippet has two example questions or the base is too large.
    @discardableResult
    public func checkExamples(
        maximumSnippets: Int = ExampleCheck.maximumSnippets, progress: ((WorkProgress) -> Void)? = nil
    ) throws -> ExampleCheck {
        let (generation, snippets) = try knowledgeBase.index.read { db in
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snippet WHERE active = 1") ?? 0
            // A base too large to copy is not read at all.
            let snippets =
                count > maximumSnippets
                ? []
                : try Row.fetchAll(db, sql: "SELECT document FROM snippet WHERE active = 1 ORDER BY id").map {
                    try KnowledgeBase.decode($0["document"])
                }
            return (try Store.metaValue(db, key: "snippetGeneration") ?? "0", snippets)
        }
        var outcomes: [ExampleCheck.Outcome] = []
        let rounds = ExampleCheck.Round.allCases.map { ExampleCheck.heldOut(snippets, round: $0) }.filter { !$0.questions.isEmpty }
        // The work: each round copies every snippet, then asks its questions.
        let total = rounds.map { $0.snippets.count + $0.questions.count }.reduce(0, +)
        var done = 0
        for round in rounds {
            let copy = try KnowledgeBase.inMemory(clock: knowledgeBase.clock)
            let copied = done
            try copy.sync(round.snippets.map { SnippetSource(snippet: $0, path: "\($0.id).md") }) { step in
                progress?(WorkProgress(done: copied + step.done, total: total))
            }
            done = copied + round.snippets.count
            let matcher = try Matcher(
                knowledgeBase: copy, synonyms: synonyms, thesaurus: thesaurus, weights: weights,
                meaning: meaning.map { MeaningChannel(embedder: $0.embedder, cache: $0.cache) })
            for question in round.questions {
                let result = try matcher.match(question.text, limit: 1)
                let first = result.suggestions.first
                outcomes.append(
                    .init(confidence: first?.modelConfidence ?? 0, abstained: result.abstained, correct: first?.snippetID == question.snippetID))
                done += 1
                progress?(WorkProgress(done: done, total: total))
            }
        }
        let check = ExampleCheck(snippetGeneration: generation, ranking: rankingName, outcomes: outcomes)
        let json = String(decoding: try JSONEncoder().encode(check), as: UTF8.self)
        try knowledgeBase.index.write { db in
            try Store.setMetaValue(db, key: ExampleCheck.metaKey, value: json)
            try KnowledgeBase.bump(db, key: ExampleCheck.stampKey)
        }
        return check
    }
}

extension ExampleCheck {
    static let metaKey = "exampleCheck"
    /// Counted up with every check, so that a matcher refits its scaling when one was stored.
    static let stampKey = "exampleCheckStamp"
}
