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

    /// One alternative of a citizen's word, resolved against the vocabulary once per question.
    private struct Alternative {
        var term: QueryTerm
        /// The term's vocabulary id; -1 when the index does not have it (it then matches nothing).
        var id: Int32
        /// weight × idf.
        var evidence: Double
    }

    /// Per word, each alternative with its evidence, computed once per question.
    private let slots: [[Alternative]]

    /// The origins of alternatives the index surely knows the word by: the word itself, a part of it, a curated
    /// synonym or its verb form. A typo correction, a thesaurus synonym, a compound containing the word or a
    /// learned association is a guess, and questions about other domains are full of such guesses.
    static let sure: Set<TermOrigin> = [.exact, .compoundPart, .synonym, .verbForm]

    /// - Parameters:
    ///   - sureOnly: score with the ``sure`` alternatives only, as if the guesses were not there (the domain gate asks
    ///     how well the question is answered without them).
    ///   - unlearned: score without the learned term associations, as if no pair had been confirmed (``LearningCheck``;
    ///     the weights then also leave out the learned phrasings).
    init(
        query: QueryAnalysis, vocabulary: Vocabulary, averageLength: [Double], weights: MatchWeights, sureOnly: Bool = false,
        unlearned: Bool = false
    ) {
        self.averageLength = averageLength
        self.weights = weights
        let maxIDF = vocabulary.idf("")
        slots = query.slots.map { slot in
            slot.alternatives.filter { (!sureOnly || Self.sure.contains($0.origin)) && !(unlearned && $0.origin == .association) }.map {
                Alternative(term: $0, id: vocabulary.id(of: $0.term) ?? -1, evidence: $0.weight * vocabulary.idf($0.term))
            }
        }
        queryMass = slots.reduce(0) { total, slot in total + (slot.map(\.evidence).max() ?? maxIDF) }
        let sure = Self.sure
        var knownMass = 0.0
        var totalMass = 0.0
        for slot in slots {
            let sureEvidence = slot.filter { sure.contains($0.term.origin) }.map(\.evidence).max()
            knownMass += sureEvidence ?? 0
            totalMass += sureEvidence ?? maxIDF
        }
        knownShare = totalMass > 0 ? knownMass / totalMass : 0
    }

    /// Scores a candidate; `withReasons` also lists which term stood for each matched word (only the
    /// suggestions shown need them).
    func score(_ document: CandidateDocument, withReasons: Bool = false) -> Score {
        guard queryMass > 0 else { return Score(value: 0, reasons: [], coverage: 0) }
        let fieldWeights = (weights.title, weights.questions, weights.learned, weights.keywords, weights.body)

        // BM25F: per word, the best alternative's saturated, length-normalised, field-weighted frequency.
        func norm(_ field: Int) -> Double {
            1 - weights.b + weights.b * Double(document.lengths[field]) / averageLength[field]
        }
        let scale = (
            fieldWeights.0 / norm(0), fieldWeights.1 / norm(1), fieldWeights.2 / norm(2), fieldWeights.3 / norm(3),
            fieldWeights.4 / norm(4)
        )
        var bm25 = 0.0
        var covered = 0.0
        var reasons: [MatchReason] = []
        // The alternatives the snippet has at all, per word: the only ones a phrase can contain.
        var present: [[(id: Int32, evidence: Double)]] = []
        present.reserveCapacity(slots.count)
        for slot in slots {
            var best = 0.0
            var bestTerm: QueryTerm?
            var bestEvidence = 0.0
            var found: [(id: Int32, evidence: Double)] = []
            for alternative in slot {
                guard let position = document.position(of: alternative.id) else { continue }
                let counts = document.counts[(position * 5)..<(position * 5 + 5)]
                let base = counts.startIndex
                let pseudoFrequency =
                    scale.0 * Double(counts[base]) + scale.1 * Double(counts[base + 1]) + scale.2 * Double(counts[base + 2])
                    + scale.3 * Double(counts[base + 3]) + scale.4 * Double(counts[base + 4])
                found.append((alternative.id, alternative.evidence))
                guard pseudoFrequency > 0 else { continue }
                bestEvidence = max(bestEvidence, alternative.evidence)
                let value = alternative.evidence * pseudoFrequency * (weights.k1 + 1) / (pseudoFrequency + weights.k1)
                if value > best {
                    best = value
                    bestTerm = alternative.term
                }
            }
            bm25 += best
            covered += bestEvidence
            if !found.isEmpty { present.append(found) }
            if withReasons, let bestTerm { reasons.append(MatchReason(word: bestTerm.word, term: bestTerm.term, origin: bestTerm.origin)) }
        }
        let bm25Share = bm25 / (queryMass * (weights.k1 + 1))

        // The best single phrase: weighted Dice overlap between the citizen's words and the phrase.
        var bestPhrase = 0.0
        if !present.isEmpty {
            for phrase in document.phrases {
                var matched = 0.0
                for slot in present {
                    var best = 0.0
                    for alternative in slot where alternative.evidence > best && phrase.contains(alternative.id) {
                        best = alternative.evidence
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
        }
        let value = weights.phraseShare * bestPhrase + (1 - weights.phraseShare) * min(bm25Share, 1)
        return Score(value: min(max(value, 0), 1), reasons: reasons, coverage: min(covered / queryMass, 1))
    }
}
