import Foundation
import Synchronization

/// The matcher's second channel: how close a question's meaning is to each snippet's, from sentence vectors.
///
/// Words miss what citizens mean when they say it in other words ("Isolation" for "Quarantäne"); a multilingual
/// sentence model does not. Each active snippet has vectors for its questions (title and `questions:`), one for the
/// title with the reply and, for a long reply, one per section; a question's similarity to a snippet weighs its best
/// question's against the reply's (``Shape``).
/// The matcher adds the similarity, as a z-score over the whole base, to the word score, and takes the closest
/// snippets as candidates even when they share no word with the question.
///
/// Learned phrasings (confirmed questions) have vectors too: citizens ask the same thing in other words than the press
/// office's questions. A new question that is much closer to one of them than to the other learned phrasings is
/// evidence for that phrasing's snippet. It must stand out by more standard deviations than the closest of that many
/// phrasings would by chance (about √(2 ln n)), plus the `cut`, so that a base with thousands of phrasings does not
/// find one "close" to every question.
public final class MeaningChannel: Sendable {
    public let embedder: any TextEmbedder
    public let cache: EmbeddingCache
    /// Recent questions' vectors: a burst embeds its questions together, and a repeated text is embedded once.
    let queries = QueryVectorCache(capacity: 4_096)
    private let state = Mutex<State?>(nil)
    /// The leave-one-out check of the learned phrasings (``learnedTrust(_:cut:)``), for the count and cut it was run on.
    private let trustCheck = Mutex<(count: Int, cut: Double, trust: Double)?>(nil)

    struct State {
        var signature: String
        var docids: [Int64]
        /// Each docid's place in the arrays, built once per state so that a question builds no dictionary.
        var position: [Int64: Int]
        /// Each snippet's question vectors, its passage vector and its sections' vectors (none for a short reply).
        var questions: [[[Float]]]
        var passages: [[Float]]
        var sections: [[[Float]]]
        /// Whether each snippet asks: an example question beside its title, or a title that is a question (``Shape``).
        var asksQuestions: [Bool]
        /// The escalation categories each snippet answers (`answers:`), empty for most.
        var answers: [[String]] = []
        /// Learned phrasings of active snippets, oldest first: each one's text, its snippet's place and its vector.
        var learnedTexts: [String] = []
        var learnedOwners: [Int] = []
        var learnedVectors: [[Float]] = []
        /// The newest learned phrasing's id in the arrays: newer ones are appended, not rebuilt.
        var learnedThrough: Int64 = 0
    }

    /// Below this many learned phrasings their similarities are too few for a standard deviation: no evidence.
    public static let learnedMinimum = 10

    /// How a question relates to the base: per snippet its similarity and z-score, and the closest snippets.
    public struct Similarities: Sendable {
        let position: [Int64: Int]
        /// The weighted mean of the best question's and the reply's cosine (``Shape``), in the state's docid order.
        let similarities: [Double]
        /// The mean of the best question's and the passage's cosine: the scale the domain gate was fitted on.
        let gateSimilarities: [Double]
        /// The similarities as standard deviations above the base's mean (0 for a base of one).
        let zScores: [Double]
        /// The closest snippets' docids, closest first.
        public var closest: [Int64]
        /// The best similarity on the gate's scale (the domain gate reads it).
        public var best: Double
        /// The gate similarities' standard deviation over the base (the domain gate reads it too).
        public var spread: Double = 0
        /// Snippets with a learned phrasing that stands out as close to the question: by how many standard deviations
        /// above the cut it does, and the phrasing.
        public var learned: [Int64: (evidence: Double, phrasing: String)] = [:]

        public func similarity(of docid: Int64) -> Double? { position[docid].map { similarities[$0] } }
        public func gateSimilarity(of docid: Int64) -> Double? { position[docid].map { gateSimilarities[$0] } }
        public func zScore(of docid: Int64) -> Double? { position[docid].map { zScores[$0] } }
    }

    public init(embedder: any TextEmbedder, cache: EmbeddingCache) {
        self.embedder = embedder
        self.cache = cache
    }

    /// Brings the vectors in line with the active snippets, computing only what is new.
    ///
    /// - Parameter progress: called after each batch of newly embedded texts (a first sync of a base embeds hundreds,
    ///   about 0.1 s each); not called when every vector is stored.
    /// - Returns: how many texts had to be embedded (0 when every snippet was known).
    @discardableResult
    public func refresh(_ knowledgeBase: KnowledgeBase, progress: ((WorkProgress) -> Void)? = nil) throws -> Int {
        try current(knowledgeBase, progress: progress).computed
    }

    /// Embeds the questions that are about to be matched, together and on all cores, so that matching each of them
    /// finds its vector ready (``similarities(to:in:closest:shape:learnedCut:)``).
    ///
    /// One engine call per core over many questions keeps every core busy with the model's arithmetic; embedding each
    /// question inside its own match would run one engine call per question and leave the batch's cores to contend.
    public func embedQueries(_ texts: [String], priority: WorkPriority = .normal) throws {
        let missing = queries.missing(Array(texts.suffix(queries.capacity)))
        guard !missing.isEmpty else { return }
        let vectors = try embedder.embedOnAllCores(missing, as: .query, priority: priority)
        for (text, vector) in zip(missing, vectors) { queries.store(vector, for: text) }
    }

    /// The question's vector: from the recent questions, else embedded now (and kept for a repetition).
    func queryVector(_ question: String) throws -> [Float]? {
        if let known = queries.vector(for: question) { return known }
        guard let vector = try embedder.embed([question], as: .query).first else { return nil }
        queries.store(vector, for: question)
        return vector
    }

    /// Removes stored vectors of texts no active snippet has any more.
    @discardableResult
    public func prune(_ knowledgeBase: KnowledgeBase) throws -> Int {
        let snippets = try activeSnippets(knowledgeBase)
        var keep: [(String, EmbeddingRole)] = []
        for (_, snippet) in snippets {
            keep += Self.texts(of: snippet).all.map { ($0, .passage) }
        }
        keep += try learnedPhrasings(knowledgeBase, after: 0).map { (Self.normalized($0.text), .passage) }
        return try cache.prune(keeping: keep, model: embedder.modelID)
    }

    /// Which snippets the state was built from: only a sync that changed snippets moves it (learning does not),
    /// and reading it is one row, not a scan of the base for every question.
    private func signature(_ knowledgeBase: KnowledgeBase) throws -> (snippets: String, learnedThrough: Int64) {
        let signature = try knowledgeBase.meaningSignature()
        return ("\(signature.snippetGeneration)/\(embedder.modelID)", signature.learnedThrough)
    }

    /// The text with each run of white space as one space: the same words give the same vector (and cache key).
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Mean and standard deviation of similarities, for the z-scores over the base and over the learned phrasings.
    static func meanAndDeviation(_ values: [Double]) -> (mean: Double, deviation: Double) {
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count, 1))
        return (mean, variance.squareRoot())
    }

    /// Learned phrasings of active snippets newer than `id`, oldest first.
    private func learnedPhrasings(_ knowledgeBase: KnowledgeBase, after id: Int64) throws -> [(id: Int64, docid: Int64, text: String)] {
        try knowledgeBase.learnedPhrasings(after: id)
    }

    /// Appends the vectors of phrasings learned since the state was built.
    private func addLearned(to state: inout State, _ knowledgeBase: KnowledgeBase, through newest: Int64) throws -> Int {
        let phrasings = try learnedPhrasings(knowledgeBase, after: state.learnedThrough)
        state.learnedThrough = max(newest, phrasings.last?.id ?? 0)
        guard !phrasings.isEmpty else { return 0 }
        let vectors = try cache.vectors(for: phrasings.map { Self.normalized($0.text) }, role: .passage, embedder: embedder)
        Self.append(phrasings, vectors: vectors.vectors, to: &state)
        return vectors.computed
    }

    /// Adds learned phrasings of active snippets with their vectors to the state.
    private static func append(_ phrasings: [(id: Int64, docid: Int64, text: String)], vectors: [[Float]], to state: inout State) {
        for (phrasing, vector) in zip(phrasings, vectors) {
            guard let owner = state.position[phrasing.docid] else { continue }
            state.learnedTexts.append(normalized(phrasing.text))
            state.learnedOwners.append(owner)
            state.learnedVectors.append(vector)
        }
    }

    private func activeSnippets(_ knowledgeBase: KnowledgeBase) throws -> [(Int64, Snippet)] {
        try knowledgeBase.activeSnippetsByDocid()
    }

    func current(
        _ knowledgeBase: KnowledgeBase, progress: ((WorkProgress) -> Void)? = nil
    ) throws -> (state: State, computed: Int) {
        let (signature, learnedThrough) = try signature(knowledgeBase)
        if var known = state.withLock({ $0 }), known.signature == signature {
            guard known.learnedThrough < learnedThrough else { return (known, 0) }
            // A confirmation taught a phrasing: only its vector is added.
            let computed = try addLearned(to: &known, knowledgeBase, through: learnedThrough)
            state.withLock { state in
                if let current = state, current.signature == signature, current.learnedThrough < known.learnedThrough { state = known }
            }
            return (known, computed)
        }
        let snippets = try activeSnippets(knowledgeBase)
        let snippetTexts = snippets.map { Self.texts(of: $0.1) }
        // A snippet's own questions are written as statements of what it answers: they are embedded as passages, and
        // so are the learned phrasings. One call for all of them, so that a first sync reports one progress.
        let phrasings = try learnedPhrasings(knowledgeBase, after: 0)
        let texts = snippetTexts.flatMap(\.all) + phrasings.map { Self.normalized($0.text) }
        let vectors = try cache.vectors(for: texts, role: .passage, embedder: embedder, progress: progress)
        var questions: [[[Float]]] = []
        var passages: [[Float]] = []
        var sections: [[[Float]]] = []
        var next = 0
        func take(_ count: Int) -> [[Float]] {
            defer { next += count }
            return Array(vectors.vectors[next..<(next + count)])
        }
        for texts in snippetTexts {
            questions.append(take(texts.questions.count))
            passages.append(take(1)[0])
            sections.append(take(texts.sections.count))
        }
        let docids = snippets.map(\.0)
        var fresh = State(
            signature: signature, docids: docids, position: Dictionary(uniqueKeysWithValues: docids.enumerated().map { ($1, $0) }),
            questions: questions, passages: passages, sections: sections, asksQuestions: snippetTexts.map(\.asksQuestions),
            answers: snippets.map { $0.1.answers ?? [] })
        Self.append(phrasings, vectors: Array(vectors.vectors[next...]), to: &fresh)
        fresh.learnedThrough = max(learnedThrough, phrasings.last?.id ?? 0)
        state.withLock { $0 = fresh }
        return (fresh, vectors.computed)
    }

    /// The question's similarity to every active snippet.
    ///
    /// - Parameters:
    ///   - closest: how many of the nearest snippets to name as candidates.
    ///   - shape: how a snippet's questions and reply make its similarity.
    ///   - learnedCut: how many standard deviations beyond the chance maximum, √(2 ln n) over n learned phrasings, a
    ///     phrasing's similarity must stand out to speak for its snippet (infinity: learned phrasings are not read).
    public func similarities(
        to question: String, in knowledgeBase: KnowledgeBase, closest: Int, shape: Shape = Shape(),
        learnedCut: Double = .infinity
    ) throws -> Similarities {
        let state = try current(knowledgeBase).state
        guard !state.docids.isEmpty, let vector = try queryVector(question) else {
            return Similarities(position: [:], similarities: [], gateSimilarities: [], zScores: [], closest: [], best: 0)
        }
        let both = state.docids.indices.map { Self.similarity(of: vector, to: $0, in: state, shape: shape) }
        let similarities = both.map(\.ranked)
        let gate = both.map(\.gate)
        let (mean, spread) = Self.meanAndDeviation(similarities)
        let deviation = max(spread, 1e-6)
        let zScores = similarities.map { state.docids.count > 1 ? ($0 - mean) / deviation : 0 }
        // The closest few by insertion into a short sorted list: a 100k base is not sorted for 20 names.
        var top: [Int] = []
        let wanted = max(closest, 1)
        func closer(_ a: Int, _ b: Int) -> Bool { (similarities[a], state.docids[b]) > (similarities[b], state.docids[a]) }
        for index in similarities.indices where top.count < wanted || closer(index, top[top.count - 1]) {
            top.insert(index, at: top.firstIndex { closer(index, $0) } ?? top.count)
            if top.count > wanted { top.removeLast() }
        }
        return Similarities(
            position: state.position, similarities: similarities, gateSimilarities: gate, zScores: zScores,
            closest: top.prefix(max(closest, 0)).map { state.docids[$0] }, best: gate.max() ?? 0,
            spread: Self.meanAndDeviation(gate).deviation,
            learned: learnedCut.isFinite
                ? Self.learnedEvidence(for: vector, in: state, cut: learnedCut, trust: learnedTrust(state, cut: learnedCut)) : [:])
    }

    /// How many of the newest learned phrasings the leave-one-out check asks (each against all the others).
    static let trustSample = 300

    /// How far this base's learned phrasings may speak for their snippets (0…1), checked on the phrasings themselves:
    /// each of the newest ``trustSample`` is left out in turn and asked of the others, as a new question would be. Where
    /// one of the others stands out (the same bar as ``learnedEvidence(for:in:cut:trust:)``), it should belong to the
    /// same snippet. On a base whose questions share a template ("Welche … bietet … an?") the phrasing that stands out is
    /// nearly always another snippet's, and the check turns the evidence off; on one where citizens ask the same things
    /// again, it keeps it. Run again when the phrasings change (on a large history, when they grew by a tenth).
    func learnedTrust(_ state: State, cut: Double) -> Double {
        let count = state.learnedVectors.count
        if let known = trustCheck.withLock({ $0 }), known.cut == cut,
            known.count == count || (count > 2_000 && count >= known.count && count < known.count + known.count / 10)
        {
            return known.trust
        }
        let check = Self.leaveOneOut(state, cut: cut)
        let trust = Self.trust(fired: check.fired, correct: check.correct)
        trustCheck.withLock { $0 = (count, cut, trust) }
        return trust
    }
}
