/// Scores one candidate snippet against an analysed question.
struct CandidateScorer {
    struct Score {
        var value: Double
        var reasons: [MatchReason]
    }

    let query: QueryAnalysis
    let vocabulary: Vocabulary
    let averageLength: [Double]
    let weights: MatchWeights
    /// The question's total evidence: each word counts with its strongest alternative; unknown words count
    /// fully, because a question about something the index does not know should not look well covered.
    private let queryMass: Double
    private let maxIDF: Double

    init(query: QueryAnalysis, vocabulary: Vocabulary, averageLength: [Double], weights: MatchWeights) {
        self.query = query
        self.vocabulary = vocabulary
        self.averageLength = averageLength
        self.weights = weights
        let maxIDF = vocabulary.idf("")
        self.maxIDF = maxIDF
        queryMass = query.slots.reduce(0) { total, slot in
            total + (slot.alternatives.map { $0.weight * vocabulary.idf($0.term) }.max() ?? maxIDF)
        }
    }

    func score(_ document: CandidateDocument) -> Score {
        guard queryMass > 0 else { return Score(value: 0, reasons: []) }
        let fieldWeights = [weights.title, weights.questions, weights.learned, weights.keywords, weights.body]
        var termFrequency: [[String: Int]] = document.fields.map { terms in
            var counts: [String: Int] = [:]
            for term in terms { counts[term, default: 0] += 1 }
            return counts
        }
        if termFrequency.count < 5 { termFrequency += Array(repeating: [:], count: 5 - termFrequency.count) }

        // BM25F: per word, the best alternative's saturated, length-normalised, field-weighted frequency.
        var bm25 = 0.0
        var reasons: [MatchReason] = []
        for slot in query.slots {
            var best = 0.0
            var bestTerm: QueryTerm?
            for alternative in slot.alternatives {
                var pseudoFrequency = 0.0
                for field in 0..<5 {
                    guard let count = termFrequency[field][alternative.term] else { continue }
                    let length = Double(document.fields[field].count)
                    let norm = 1 - weights.b + weights.b * length / averageLength[field]
                    pseudoFrequency += fieldWeights[field] * Double(count) / norm
                }
                guard pseudoFrequency > 0 else { continue }
                let value = alternative.weight * vocabulary.idf(alternative.term) * pseudoFrequency * (weights.k1 + 1)
                    / (pseudoFrequency + weights.k1)
                if value > best {
                    best = value
                    bestTerm = alternative
                }
            }
            bm25 += best
            if let bestTerm { reasons.append(MatchReason(word: slot.word, term: bestTerm.term, origin: bestTerm.origin)) }
        }
        let bm25Share = bm25 / (queryMass * (weights.k1 + 1))

        // The best single question: weighted Dice overlap between the citizen's words and the phrase.
        var bestPhrase = 0.0
        for phrase in document.phrases {
            let terms = Set(phrase.terms)
            guard !terms.isEmpty else { continue }
            var matched = 0.0
            for slot in query.slots {
                matched += slot.alternatives.filter { terms.contains($0.term) }.map { $0.weight * vocabulary.idf($0.term) }.max() ?? 0
            }
            let phraseMass = terms.reduce(0) { $0 + vocabulary.idf($1) }
            var similarity = 2 * matched / (queryMass + phraseMass)
            if phrase.learned { similarity *= weights.learnedPhraseFactor }
            bestPhrase = max(bestPhrase, similarity)
        }
        let value = weights.phraseShare * bestPhrase + (1 - weights.phraseShare) * min(bm25Share, 1)
        return Score(value: min(max(value, 0), 1), reasons: reasons)
    }
}
