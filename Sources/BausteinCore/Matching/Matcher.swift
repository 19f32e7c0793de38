import Foundation
import GRDB
import Synchronization

/// Ranks approved snippets for a citizen's question, with a confidence and reasons, and abstains when
/// nothing fits.
///
/// FTS5 (with the German `baustein` tokenizer) finds candidates; each candidate is then scored from its
/// stored analysis: BM25F over the weighted fields, plus how well its single best question covers the citizen's
/// words. The vocabulary is reloaded whenever a sync or a learned phrasing changes the index.
public final class Matcher: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let synonyms: SynonymTable
    public let thesaurus: Thesaurus
    public let weights: MatchWeights
    /// Similarity of meaning from sentence vectors, next to the words; nil matches by words alone.
    public let meaning: MeaningChannel?
    private let analyzer: Analyzer
    private let caches = Mutex(Caches())
    private let wordSlots = WordSlotCache()

    /// What the matcher keeps between questions.
    private struct Caches {
        var index: IndexState?
        /// Prepared candidates of the current generation; bounded so that a 100k base does not grow without limit.
        /// Kept apart from ``IndexState``, which callers copy: a second reference would make every insert copy it.
        var documents: [Int64: CandidateDocument] = [:]
        var documentsGeneration = ""
    }

    /// Corpus-wide figures that scoring needs, cached per index generation.
    struct IndexState {
        var generation: String
        var vocabulary: Vocabulary
        var averageLength: [Double]
        /// Learned from the confirmed pairs of this generation.
        var associations: TermAssociations
        /// This base's confidence scaling and staff's preference among its groups, and the newest outcomes they were
        /// fitted on.
        var recalibration: ConfidenceRecalibration
        var preference: GroupPreference
        /// Whether the learned evidence has earned its place on this base's confirmations.
        var learningCheck: LearningCheck
        /// The abstention bar learned from the questions this base answered under this matcher's ranking.
        var domainThreshold: DomainThreshold
        var latestOutcomes: [Int64]
    }

    static let documentCacheLimit = 20_000

    private func documents(_ db: Database, docids: [Int64], state: IndexState) throws -> [(Int64, CandidateDocument)] {
        // Copy out only the hits: holding a reference to the whole cache while merging into it below would
        // make Swift copy all 20,000 prepared documents on every question with a miss.
        var found: [Int64: CandidateDocument] = [:]
        caches.withLock { caches in
            guard caches.documentsGeneration == state.generation else { return }
            for docid in docids { if let document = caches.documents[docid] { found[docid] = document } }
        }
        let missing = docids.filter { found[$0] == nil }
        let fetched = try CandidateDocument.fetch(db, docids: missing, vocabulary: state.vocabulary)
        if !fetched.isEmpty {
            caches.withLock { caches in
                if caches.documentsGeneration != state.generation {
                    caches.documents.removeAll()
                    caches.documentsGeneration = state.generation
                }
                if caches.documents.count + fetched.count > Self.documentCacheLimit { caches.documents.removeAll() }
                caches.documents.merge(fetched) { new, _ in new }
            }
            found.merge(fetched) { new, _ in new }
        }
        return docids.compactMap { docid in found[docid].map { (docid, $0) } }
    }

    public init(
        knowledgeBase: KnowledgeBase, synonyms: SynonymTable = SynonymTable(), thesaurus: Thesaurus = .empty,
        weights: MatchWeights = MatchWeights(), meaning: MeaningChannel? = nil
    ) throws {
        self.knowledgeBase = knowledgeBase
        self.synonyms = synonyms
        self.thesaurus = thesaurus
        self.weights = weights
        self.meaning = meaning
        self.analyzer = try Analyzer()
    }

    /// A matcher with the curated synonyms and the general thesaurus of `knowledge/`.
    public convenience init(
        knowledgeBase: KnowledgeBase, resources: KnowledgeResources, weights: MatchWeights = MatchWeights(), meaning: MeaningChannel? = nil
    ) throws {
        try self.init(
            knowledgeBase: knowledgeBase, synonyms: resources.synonyms, thesaurus: try resources.thesaurus(), weights: weights,
            meaning: meaning)
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
    public func match(_ text: String, limit: Int = 3, withEvidence: Bool = false) throws -> MatchResult {
        // With the meaning channel ranking, learned phrasings speak mainly by meaning (see `learnedWordsWithMeaning`).
        let weights = meaning != nil && self.weights.meaning > 0 ? self.weights.withMeaning : self.weights
        // Outside the read: vectors of new snippets are computed and stored on first use.
        let similarities = try meaning.flatMap { channel in
            weights.meaning > 0
                ? try channel.similarities(
                    to: text, in: knowledgeBase, closest: Int(weights.meaningCandidates), shape: weights.meaningShape,
                    learnedCut: weights.learnedMeaning > 0 ? weights.learnedMeaningCut : .infinity)
                : nil
        }
        return try knowledgeBase.index.read { db in
            let state = try currentState(db)
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
            let expression = FullTextQuery.anyOf(
                query.candidateTerms(
                    in: state.vocabulary, maximumFrequency: maximumFrequency, limit: Int(weights.candidateTermLimit)))
            guard expression != nil || !(similarities?.closest.isEmpty ?? true) else {
                return MatchResult(suggestions: [], abstained: true, threshold: weights.threshold, unknownWords: unknown, ranking: rankingName)
            }
            var candidates: [Int64] = []
            if let expression, Double(state.vocabulary.documentCount) <= weights.scoreAllUpTo {
                // A small base: every snippet with one of the terms is scored, so FTS5 need not rank them first
                // (bm25 reads every hit's positions for every term of the expression).
                candidates = try KnowledgeBase.fullTextCandidates(db, matching: expression)
            } else if let expression {
                candidates = try KnowledgeBase.fullTextCandidates(db, matching: expression, weights: weights)
            }
            if let similarities {
                var known = Set(candidates)
                for docid in similarities.closest + similarities.learned.keys.sorted() where known.insert(docid).inserted {
                    candidates.append(docid)
                }
            }
            let today = knowledgeBase.clock.today.description
            let documents = try documents(db, docids: candidates, state: state).filter { $0.1.isValid(on: today) }
            let learnedScorer = CandidateScorer(query: query, vocabulary: state.vocabulary, averageLength: state.averageLength, weights: weights)
            // Without the learned phrasings: the snippets' own text (LearningCheck).
            var own = weights
            own.learned = 0
            own.learnedPhraseFactor = 0
            let ownScorer = CandidateScorer(
                query: query, vocabulary: state.vocabulary, averageLength: state.averageLength, weights: own, unlearned: true)
            let withAssociations = query.hasAssociations
            let preference = similarities == nil ? weights.preference : weights.meaningPreference
            var scored = documents.map { docid, document in
                let score = learnedScorer.score(document)
                let ownScore = document.hasLearned || withAssociations ? ownScorer.score(document) : score
                let zScore = similarities?.zScore(of: docid)
                let learned = similarities?.learned[docid]
                let prior = preference * state.preference.prior(document.groups)
                let unlearnedRank = weights.words * ownScore.value + weights.meaning * (zScore ?? 0) + prior
                return Ranked(
                    document: document, score: score, learnedScore: score.value, zScore: zScore, similarity: similarities?.similarity(of: docid),
                    gateSimilarity: similarities?.gateSimilarity(of: docid),
                    askedBefore: learned?.phrasing, learnedEvidence: learned?.evidence ?? 0,
                    rank: weights.words * score.value + weights.meaning * (zScore ?? 0) + weights.learnedMeaning * (learned?.evidence ?? 0)
                        + prior,
                    unlearnedRank: unlearnedRank, ownScore: ownScore)
            }
            func first(_ rank: (Ranked) -> Double) -> String? {
                scored.max { (rank($0), $1.document.snippetID) < (rank($1), $0.document.snippetID) }?.document.snippetID
            }
            let firstLearned = first(\.rank)
            let firstUnlearned = first(\.unlearnedRank)
            let usesLearning = state.learningCheck.usesLearning(margin: weights.learningCheck)
            if !usesLearning {
                // The learned phrasings have not earned their place on this base's confirmations: they do not rank.
                for index in scored.indices {
                    scored[index].rank = scored[index].unlearnedRank
                    scored[index].score = scored[index].ownScore
                    scored[index].askedBefore = nil
                }
            }
            let scorer = usesLearning ? learnedScorer : ownScorer
            scored.sort { ($0.rank, $1.document.snippetID) > ($1.rank, $0.document.snippetID) }
            // Reasons are shown for the suggestions only.
            for index in scored.indices.prefix(max(limit, 0)) {
                scored[index].score = scorer.score(scored[index].document, withReasons: true)
            }
            let calibration = similarities == nil ? weights.calibration : weights.meaningCalibration
            // The domain gate reads the best word evidence of all candidates and, with the channel on, how close in
            // meaning the first suggestion is and how well sure evidence alone answers: each model has its own threshold.
            let bestWords = scored.map(\.score.value).max() ?? 0
            // The words' model does not read the sure score: it is computed with the channel on only.
            let bestSure = similarities.map { _ in
                let sureScorer = CandidateScorer(
                    query: query, vocabulary: state.vocabulary, averageLength: state.averageLength, weights: weights, sureOnly: true)
                return scored.map { sureScorer.score($0.document).value }.max() ?? 0
            }
            let domain = calibration.domainProbability(
                score: bestWords, knownShare: scorer.knownShare, meaning: scored.first?.gateSimilarity ?? similarities?.best,
                spread: similarities?.spread, sureScore: bestSure)
            // The base's own bar once it has answered enough questions under this ranking (``DomainThreshold``).
            let ranking = similarities == nil ? "words" : rankingName
            let fitted = weights.fittedThreshold(withMeaning: similarities != nil)
            let threshold = ranking == rankingName ? state.domainThreshold.threshold(fitted: fitted) : fitted
            let abstained = domain < threshold
            // The base's scaling knows what its abstained suggestions are worth (``ConfidenceRecalibration``).
            let suggestions = rankedSuggestions(
                scored, limit: limit, knownShare: scorer.knownShare, recalibration: state.recalibration, calibration: calibration,
                abstained: abstained)
            var evidence: [CandidateEvidence]?
            if withEvidence {
                evidence = scored.map { candidate in
                    let words = candidate.ownScore.value
                    return CandidateEvidence(
                        snippetID: candidate.document.snippetID, words: words, learnedWords: candidate.learnedScore - words,
                        coverage: candidate.score.coverage, meaning: candidate.similarity, meaningZ: candidate.zScore,
                        learnedMeaning: candidate.learnedEvidence, preference: state.preference.prior(candidate.document.groups),
                        rank: candidate.rank)
                }
            }
            return MatchResult(
                suggestions: suggestions, abstained: abstained, threshold: threshold,
                unknownWords: unknown, knownShare: scorer.knownShare, domainConfidence: domain, meaning: similarities?.best,
                meaningSpread: similarities?.spread, bestScore: bestWords, sureScore: bestSure, candidates: evidence,
                firstLearned: firstLearned, firstUnlearned: firstUnlearned, usesLearning: usesLearning, ranking: ranking)
        }
    }

    /// The confidence scaling this matcher applies now: fitted on the confirmations and the example check
    /// (``ExampleCheck``) stored for its ranking, ``ConfidenceRecalibration/identity`` until there are enough.
    public func recalibration() throws -> ConfidenceRecalibration {
        try knowledgeBase.index.read { db in try currentState(db).recalibration }
    }

    /// The abstention bar this base has learned under this matcher's ranking (``DomainThreshold/none`` until enough).
    public func domainThreshold() throws -> DomainThreshold {
        try knowledgeBase.index.read { db in try currentState(db).domainThreshold }
    }

    /// Loads the vocabulary and field statistics (and the meaning channel's vectors) now, so that the first question
    /// does not pay for them.
    public func prepare() throws {
        _ = try knowledgeBase.index.read { db in try currentState(db) }
        try meaning?.refresh(knowledgeBase)
    }

    private func currentState(_ db: Database) throws -> IndexState {
        let generation = try KnowledgeBase.generation(db)
        let latestOutcomes = try KnowledgeBase.latestOutcomes(db)
        return try caches.withLock { caches in
            if var current = caches.index, current.generation == generation {
                guard current.latestOutcomes != latestOutcomes else { return current }
                // A confirmation recorded outcomes (or an example check was stored): only the scaling and the preference
                // are fitted again.
                current.recalibration = try KnowledgeBase.recalibration(db, examples: try Self.exampleCheck(db, ranking: rankingName))
                current.preference = try GroupPreference.load(db, strength: weights.preferenceStrength, minimumLift: weights.preferenceMinimumLift)
                current.learningCheck = try KnowledgeBase.learningCheck(db)
                current.domainThreshold = try KnowledgeBase.domainThreshold(db, ranking: rankingName, bound: weights.ownAbstention)
                current.latestOutcomes = latestOutcomes
                caches.index = current
                return current
            }
            let (frequencies, documentCount) = try KnowledgeBase.documentFrequencies(db)
            let averageLength = try KnowledgeBase.averageFieldLengths(db)
            let associations = try TermAssociations.load(
                db, minimumCount: Int(weights.associationMinimumCount), minimumLift: weights.associationMinimumLift)
            let fresh = IndexState(
                generation: generation, vocabulary: Vocabulary(documentFrequency: frequencies, documentCount: documentCount),
                averageLength: averageLength, associations: associations,
                recalibration: try KnowledgeBase.recalibration(db, examples: try Self.exampleCheck(db, ranking: rankingName)),
                preference: try GroupPreference.load(db, strength: weights.preferenceStrength, minimumLift: weights.preferenceMinimumLift),
                learningCheck: try KnowledgeBase.learningCheck(db),
                domainThreshold: try KnowledgeBase.domainThreshold(db, ranking: rankingName, bound: weights.ownAbstention),
                latestOutcomes: latestOutcomes)
            caches.index = fresh
            return fresh
        }
    }
}
