import Foundation

/// The ranked candidates and how the first few become suggestions with calibrated confidences.
extension Matcher {
    /// How much of a learned phrasing a reason quotes.
    static let quoteLimit = 120

    /// A scored candidate: the words' score, and the meaning channel's figures when it is on.
    struct Ranked {
        var document: CandidateDocument
        var score: CandidateScorer.Score
        /// The word score with the learned phrasings, kept for the evidence when the own score ranks.
        var learnedScore: Double
        var zScore: Double?
        var similarity: Double?
        /// The similarity on the domain gate's scale (``MeaningChannel/Similarities/gateSimilarities``).
        var gateSimilarity: Double?
        /// The learned phrasing that stands out as close to the question, when one does.
        var askedBefore: String?
        var learnedEvidence = 0.0
        /// What orders the candidates: the word score plus the weighted meaning z-score, learned-phrasing evidence and
        /// group preference.
        var rank: Double
        /// The same without the learned phrasings: the snippet's own word score, the meaning z-score and the group
        /// preference (``LearningCheck``).
        var unlearnedRank: Double
        var ownScore: CandidateScorer.Score
    }

    /// The best `limit` candidates with calibrated confidences, never higher than the one above.
    ///
    /// - Parameter abstained: whether the domain gate abstains on the question (the base's scaling reads it).
    func rankedSuggestions(
        _ scored: [Ranked], limit: Int, knownShare: Double, recalibration: ConfidenceRecalibration, calibration: ConfidenceCalibration,
        abstained: Bool
    ) -> [Suggestion] {
        // The confidence model reads word evidence: each suggestion's lead is over the best other candidate's word
        // score, which is the best of all unless this candidate has it.
        let best = scored.indices.max { scored[$0].score.value < scored[$1].score.value }
        let runnerUp = scored.indices.filter { $0 != best }.map { scored[$0].score.value }.max() ?? 0
        var suggestions: [Suggestion] = []
        for (rank, candidate) in scored.prefix(max(limit, 0)).enumerated() {
            let score = candidate.score
            let margin = score.value - (rank == best ? runnerUp : best.map { scored[$0].score.value } ?? 0)
            var model = calibration.probability(
                score: score.value, margin: margin, coverage: score.coverage, knownShare: knownShare)
            if let above = suggestions.last { model = min(model, above.modelConfidence) }
            // The scaling is monotone for one answer, so the order of the model's confidences is kept.
            let confidence = recalibration.apply(model, abstained: abstained)
            var reasons = score.reasons
            if let zScore = candidate.zScore, zScore >= 1 { reasons.append(MatchReason(word: "", term: "", origin: .meaning)) }
            if let phrasing = candidate.askedBefore {
                // A learned phrasing is a whole (masked) message: the reason quotes its beginning.
                let quoted = phrasing.count > Self.quoteLimit ? String(phrasing.prefix(Self.quoteLimit - 1)) + "…" : phrasing
                reasons.append(MatchReason(word: quoted, term: "", origin: .askedBefore))
            }
            suggestions.append(
                Suggestion(
                    snippetID: candidate.document.snippetID, title: candidate.document.title, confidence: confidence, reasons: reasons,
                    score: score.value, margin: margin, coverage: score.coverage, modelConfidence: model, meaning: candidate.similarity))
        }
        return suggestions
    }
}
