/// Scores one candidate snippet against an analysed question.
struct CandidateScorer {
    struct Score {
        var value: Double
        var reasons: [MatchReason]
    }

    let averageLength: [Double]
    let weights: MatchWeights
    /// The question's total evidence: each word counts with its strongest alternative; unknown words count
    /// fully, because a question about something the index does not know should not look well covered.
    private let queryMass: Double

    /// Per word, each alternative with its evidence (weight × idf), computed once per question.
    private let slots: [[(QueryTerm, Double)]]

    init(query: QueryAnalysis, vocabulary: Vocabulary, averageLength: [Double], weights: MatchWeights) {
        self.averageLength = averageLength
        self.weights = weights
        let maxIDF = vocabulary.idf("")
        slots = query.slots.map { slot in slot.alternatives.map { ($0, $0.weight * vocabulary.idf($0.term)) } }
        queryMass = slots.reduce(0) { total, slot in total + (slot.map(\.1).max() ?? maxIDF) }
    }

    func score(_ document: CandidateDocument) -> Score {
        guard queryMass > 0 else { return Score(value: 0, reasons: []) }
        let fieldWeights = [weights.title, weights.questions, weights.learned, weights.keywords, weights.body]

        // BM25F: per word, the best alternative's saturated, length-normalised, field-weighted frequency.
        var norms = [Double](repeating: 1, count: 5)
        for field in 0..<5 {
            norms[field] = 1 - weights.b + weights.b * Double(document.lengths[field]) / averageLength[field]
        }
        var bm25 = 0.0
        var reasons: [MatchReason] = []
        for slot in slots {
            var best = 0.0
            var bestTerm: QueryTerm?
            for (alternative, evidence) in slot {
                var pseudoFrequency = 0.0
                for field in 0..<5 {
                    guard let count = document.frequencies[field][alternative.term] else { continue }
                    pseudoFrequency += fieldWeights[field] * Double(count) / norms[field]
                }
                guard pseudoFrequency > 0 else { continue }
                let value = evidence * pseudoFrequency * (weights.k1 + 1) / (pseudoFrequency + weights.k1)
                if value > best {
                    best = value
                    bestTerm = alternative
                }
            }
            bm25 += best
            if let bestTerm { reasons.append(MatchReason(word: bestTerm.word, term: bestTerm.term, origin: bestTerm.origin)) }
        }
        let bm25Share = bm25 / (queryMass * (weights.k1 + 1))

        // The best single phrase: weighted Dice overlap between the citizen's words and the phrase.
        var bestPhrase = 0.0
        for phrase in document.phrases {
            var matched = 0.0
            for slot in slots {
                var best = 0.0
                for (alternative, evidence) in slot where evidence > best && phrase.terms.contains(alternative.term) {
                    best = evidence
                }
                matched += best
            }
            guard matched > 0 else { continue }
            var similarity = 2 * matched / (queryMass + phrase.mass)
            switch phrase.kind {
            case .question: break
            case .learned: similarity *= weights.learnedPhraseFactor
            case .body: similarity *= weights.bodyPhrase
            }
            bestPhrase = max(bestPhrase, similarity)
        }
        let value = weights.phraseShare * bestPhrase + (1 - weights.phraseShare) * min(bm25Share, 1)
        return Score(value: min(max(value, 0), 1), reasons: reasons)
    }
}
