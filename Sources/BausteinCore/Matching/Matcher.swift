import Foundation
import GRDB

/// Ranks approved snippets for a citizen's question, with a confidence and reasons, and abstains when
/// nothing fits.
///
/// FTS5 (with the German `baustein` tokenizer) finds candidates; each candidate is then scored from its
/// stored analysis: BM25F over the weighted fields, plus how well its single best question covers the citizen's
/// words. The vocabulary is reloaded whenever a sync or a learned phrasing changes the index.
public final class Matcher: @unchecked Sendable {
    public let knowledgeBase: KnowledgeBase
    public let synonyms: SynonymTable
    public let thesaurus: Thesaurus
    public var weights: MatchWeights
    private let analyzer: Analyzer
    private let lock = NSLock()
    private var state: IndexState?
    private let wordSlots = WordSlotCache()

    /// Corpus-wide figures that scoring needs, cached per index generation.
    struct IndexState {
        var generation: String
        var vocabulary: Vocabulary
        var averageLength: [Double]
        /// Learned from the confirmed pairs of this generation.
        var associations: TermAssociations
        /// This base's confidence scaling, and the newest outcome it was fitted on.
        var recalibration: ConfidenceRecalibration
        var latestOutcome: Int64
    }

    /// Prepared candidates of the current generation; bounded so that a 100k base does not grow without limit.
    /// Kept apart from ``IndexState``, which callers copy: a second reference would make every insert copy it.
    private var documentCache: [Int64: CandidateDocument] = [:]
    private var documentCacheGeneration = ""

    static let documentCacheLimit = 20_000

    private func documents(_ db: Database, docids: [Int64], state: IndexState) throws -> [CandidateDocument] {
        // Copy out only the hits: holding a reference to the whole cache while merging into it below would
        // make Swift copy all 20,000 prepared documents on every question with a miss.
        var found: [Int64: CandidateDocument] = [:]
        lock.lock()
        if documentCacheGeneration == state.generation {
            for docid in docids { if let document = documentCache[docid] { found[docid] = document } }
        }
        lock.unlock()
        let missing = docids.filter { found[$0] == nil }
        let fetched = try CandidateDocument.fetch(db, docids: missing, vocabulary: state.vocabulary)
        if !fetched.isEmpty {
            lock.lock()
            if documentCacheGeneration != state.generation {
                documentCache.removeAll()
                documentCacheGeneration = state.generation
            }
            if documentCache.count + fetched.count > Self.documentCacheLimit { documentCache.removeAll() }
            documentCache.merge(fetched) { new, _ in new }
            lock.unlock()
            found.merge(fetched) { new, _ in new }
        }
        return docids.compactMap { found[$0] }
    }

    public init(
        knowledgeBase: KnowledgeBase, synonyms: SynonymTable = SynonymTable(), thesaurus: Thesaurus = .empty,
        weights: MatchWeights = MatchWeights()
    ) throws {
        self.knowledgeBase = knowledgeBase
        self.synonyms = synonyms
        self.thesaurus = thesaurus
        self.weights = weights
        self.analyzer = try Analyzer()
    }

    /// A matcher with the curated synonyms and the general thesaurus of `knowledge/`.
    public convenience init(knowledgeBase: KnowledgeBase, resources: KnowledgeResources, weights: MatchWeights = MatchWeights()) throws {
        try self.init(knowledgeBase: knowledgeBase, synonyms: resources.synonyms, thesaurus: try resources.thesaurus(), weights: weights)
    }

    /// Finds the best approved snippets for a question.
    ///
    /// - Parameters:
    ///   - text: the citizen's message, any text at all (it never reaches FTS5 as syntax).
    ///   - limit: how many suggestions to return.
    /// - Returns: ranked suggestions; `abstained` is true when the best is below the threshold.
    ///
    /// ```swift
    /// let result = try matcher.match("Mein Perso ist abgelaufen")
    /// result.suggestions.first?.snippetID // "personalausweis-beantragen"
    /// ```
    public func match(_ text: String, limit: Int = 3) throws -> MatchResult {
        try knowledgeBase.writer.read { db in
            let state = try currentState(db)
            let weights = self.weights
            let query = QueryAnalysis.analyze(
                text, analyzer: analyzer, vocabulary: state.vocabulary, synonyms: synonyms, thesaurus: thesaurus,
                associations: state.associations, weights: weights
            ) { word in
                self.wordSlots.slots(for: word, generation: state.generation, weights: weights) {
                    QueryAnalysis.slots(
                        for: word, analyzer: self.analyzer, vocabulary: state.vocabulary, thesaurus: self.thesaurus,
                        associations: state.associations, weights: weights)
                }
            }
            let unknown = query.slots.filter(\.isUnknown).map(\.word)
            let maximumFrequency = max(Int(weights.commonTermFloor), Int(weights.commonTermShare * Double(state.vocabulary.documentCount)))
            guard let expression = FullTextQuery.anyOf(query.candidateTerms(
                    in: state.vocabulary, maximumFrequency: maximumFrequency, limit: Int(weights.candidateTermLimit)))
            else {
                return MatchResult(suggestions: [], abstained: true, threshold: weights.threshold, unknownWords: unknown)
            }
            let candidates: [Int64]
            if Double(state.vocabulary.documentCount) <= weights.scoreAllUpTo {
                // A small base: every snippet with one of the terms is scored, so FTS5 need not rank them first
                // (bm25 reads every hit's positions for every term of the expression).
                candidates = try Int64.fetchAll(
                    db.cachedStatement(sql: "SELECT rowid FROM snippet_fts WHERE snippet_fts MATCH ?"), arguments: [expression])
            } else {
                candidates = try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT rowid FROM snippet_fts WHERE snippet_fts MATCH ?
                            ORDER BY bm25(snippet_fts, ?, ?, ?, ?, ?) LIMIT ?
                            """),
                    arguments: [
                        expression, weights.title, weights.questions, weights.learned, weights.keywords, weights.body,
                        weights.candidates,
                    ])
            }
            let today = knowledgeBase.clock.today.description
            let documents = try documents(db, docids: candidates, state: state).filter { $0.isValid(on: today) }
            let scorer = CandidateScorer(query: query, vocabulary: state.vocabulary, averageLength: state.averageLength, weights: weights)
            var scored = documents.map { ($0, scorer.score($0)) }
            scored.sort { ($0.1.value, $1.0.snippetID) > ($1.1.value, $0.0.snippetID) }
            // Reasons are shown for the suggestions only.
            for index in scored.indices.prefix(max(limit, 0)) {
                scored[index].1 = scorer.score(scored[index].0, withReasons: true)
            }
            let suggestions = rankedSuggestions(scored, limit: limit, knownShare: scorer.knownShare, recalibration: state.recalibration)
            let domain = weights.calibration.domainProbability(score: suggestions.first?.score ?? 0, knownShare: scorer.knownShare)
            return MatchResult(
                suggestions: suggestions, abstained: domain < weights.threshold, threshold: weights.threshold,
                unknownWords: unknown, knownShare: scorer.knownShare, domainConfidence: domain)
        }
    }

    /// The best `limit` candidates with calibrated confidences, never higher than the one above.
    private func rankedSuggestions(
        _ scored: [(CandidateDocument, CandidateScorer.Score)], limit: Int, knownShare: Double, recalibration: ConfidenceRecalibration
    ) -> [Suggestion] {
        var suggestions: [Suggestion] = []
        for (rank, (document, score)) in scored.prefix(max(limit, 0)).enumerated() {
            let other = rank == 0 ? (scored.count > 1 ? scored[1].1.value : 0) : scored[0].1.value
            let margin = score.value - other
            var model = weights.calibration.probability(
                score: score.value, margin: margin, coverage: score.coverage, knownShare: knownShare)
            if let above = suggestions.last { model = min(model, above.modelConfidence) }
            // The scaling is monotone, so the order of the model's confidences is kept.
            let confidence = recalibration.apply(model)
            suggestions.append(
                Suggestion(
                    snippetID: document.snippetID, title: document.title, confidence: confidence, reasons: score.reasons,
                    score: score.value, margin: margin, coverage: score.coverage, modelConfidence: model))
        }
        return suggestions
    }

    /// Loads the vocabulary and field statistics now, so that the first question does not pay for it.
    public func prepare() throws {
        _ = try knowledgeBase.writer.read { db in try currentState(db) }
    }

    private func currentState(_ db: Database) throws -> IndexState {
        let generation = try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'generation'")) ?? "0"
        let latestOutcome = try KnowledgeBase.latestOutcome(db)
        lock.lock()
        defer { lock.unlock() }
        if var current = state, current.generation == generation {
            guard current.latestOutcome != latestOutcome else { return current }
            // A confirmation recorded an outcome: only the scaling is fitted again.
            current.recalibration = try KnowledgeBase.recalibration(db)
            current.latestOutcome = latestOutcome
            state = current
            return current
        }
        var frequencies: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM snippet_vocab")
        while let row = try rows.next() { frequencies[row[0]] = row[1] }
        let documentCount = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snippet_analysis") ?? 0
        let averageLength = try CandidateDocument.averageFieldLengths(db)
        let associations = try TermAssociations.load(
            db, minimumCount: Int(weights.associationMinimumCount), minimumLift: weights.associationMinimumLift)
        let fresh = IndexState(
            generation: generation, vocabulary: Vocabulary(documentFrequency: frequencies, documentCount: documentCount),
            averageLength: averageLength, associations: associations, recalibration: try KnowledgeBase.recalibration(db),
            latestOutcome: latestOutcome)
        state = fresh
        return fresh
    }
}
