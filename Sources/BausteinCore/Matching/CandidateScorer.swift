/// Scores one candidate snippet against an analysed question.
struct CandidateScorer {
    struct Score {
        var value: Double
        var reasons: [MatchReason]
        /// Share of the question's evidence (idf mass) that the snippet matches at all, in any field.
        var coverage: Double
    }

    let averageLength: [Double]
    let weights: MatchWeights
    /// The question's total evidence: each word counts with its strongest alternative; unknown words count
    /// fully, because a question about something the index does not know should not look well covered.
    private let queryMass: Double

    /// Share of the question's evidence that the index knows at all (words without any index term count
    /// with the highest idf): low for questions about another domain, whatever the best candidate.
    let knownShare: Double

    /// Per word, each alternative with its evidence (weight × idf), computed once per question.
    private let slots: [[(QueryTerm, Double)]]

    init(query: QueryAnalysis, vocabulary: Vocabulary, averageLength: [Double], weights: MatchWeights) {
        self.averageLength = averageLength
        self.weights = weights
        let maxIDF = vocabulary.idf("")
        slots = query.slots.map { slot in slot.alternatives.map { ($0, $0.weight * vocabulary.idf($0.term)) } }
        queryMass = slots.reduce(0) { total, slot in total + (slot.map(\.1).max() ?? maxIDF) }
        // Known means the index has the word itself, a part of it or a curated synonym; a typo correction,
        // a thesaurus synonym or a compound containing it is a guess, and questions about other domains are
        // full of such guesses.
        let sure: Set<TermOrigin> = [.exact, .compoundPart, .synonym]
        var knownMass = 0.0
        var totalMass = 0.0
        for slot in slots {
            let sureEvidence = slot.filter { sure.contains($0.0.origin) }.map { $0.0.weight * vocabulary.idf($0.0.term) }.max()
            knownMass += sureEvidence ?? 0
            totalMass += sureEvidence ?? maxIDF
        }
        knownShare = totalMass > 0 ? knownMass / totalMass : 0
    }

    func score(_ document: CandidateDocument) -> Score {
        guard queryMass > 0 else { return Score(value: 0, reasons: [], coverage: 0) }
        let fieldWeights = [weights.title, weights.questions, weights.learned, weights.keywords, weights.body]

        // BM25F: per word, the best alternative's saturated, length-normalised, field-weighted frequency.
        var norms = [Double](repeating: 1, count: 5)
        for field in 0..<5 {
            norms[field] = 1 - weights.b + weights.b * Double(document.lengths[field]) / averageLength[field]
        }
        var bm25 = 0.0
        var covered = 0.0
        var reasons: [MatchReason] = []
        for slot in slots {
            var best = 0.0
            var bestTerm: QueryTerm?
            var bestEvidence = 0.0
            for (alternative, evidence) in slot {
                var pseudoFrequency = 0.0
                for field in 0..<5 {
                    guard let count = document.frequencies[field][alternative.term] else { continue }
                    pseudoFrequency += fieldWeights[field] * Double(count) / norms[field]
                }
                guard pseudoFrequency > 0 else { continue }
                bestEvidence = max(bestEvidence, evidence)
                let value = evidence * pseudoFrequency * (weights.k1 + 1) / (pseudoFrequency + weights.k1)
                if value > best {
                    best = value
                    bestTerm = alternative
                }
            }
            bm25 += best
            covered += bestEvidence
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
        return Score(value: min(max(value, 0), 1), reasons: reasons, coverage: min(covered / queryMass, 1))
    }
}
