import Foundation

/// The evidence of learned phrasings: which snippets' phrasings stand out as close to a question, and how far a base's
/// own phrasings say such evidence can be trusted (a leave-one-out check).
extension MeaningChannel {
    /// The trust for `correct` of `fired` held-out phrasings whose standing-out neighbour was their own snippet's: the
    /// precision with a prior of one right in four (no evidence either way keeps the phrasings' full weight), mapped
    /// from 5 % (noise: nothing) to 25 % (full weight). Fitted on three bases (README, "Learning"): covidqa-de's held-out
    /// learned evidence points right 27 % of the time and lifts 5-fold top-1, the starter base's 3 % and integreat-de's
    /// 0 %, where it cost the pages nobody had asked about 8 points.
    static func trust(fired: Int, correct: Int) -> Double {
        let precision = (Double(correct) + 1) / (Double(fired) + 4)
        return min(max((precision - 0.05) / 0.20, 0), 1)
    }

    /// Leave-one-out over the newest learned phrasings: how many found a standing-out other phrasing, and how many of
    /// those belonged to the same snippet.
    static func leaveOneOut(_ state: State, cut: Double) -> (fired: Int, correct: Int) {
        let vectors = state.learnedVectors
        let count = vectors.count
        // Each held-out phrasing is compared with the others, which must be enough for a spread.
        guard count > learnedMinimum else { return (0, 0) }
        let bar = (2 * log(Double(count - 1))).squareRoot() + cut
        var fired = 0
        var correct = 0
        var similarities = [Double](repeating: 0, count: count - 1)
        for held in max(0, count - trustSample)..<count {
            var best = -Double.infinity
            var bestIndex = -1
            var slot = 0
            for other in 0..<count where other != held {
                let similarity = Double(vectors[held].dot(vectors[other]))
                similarities[slot] = similarity
                slot += 1
                if similarity > best {
                    best = similarity
                    bestIndex = other
                }
            }
            let (mean, deviation) = meanAndDeviation(similarities)
            guard deviation > 1e-6, (best - mean) / deviation > bar else { continue }
            fired += 1
            if state.learnedOwners[bestIndex] == state.learnedOwners[held] { correct += 1 }
        }
        return (fired, correct)
    }

    /// The snippets whose learned phrasings stand out as close to the question, by docid.
    ///
    /// - Parameter trust: what the base's own phrasings say about such evidence (``learnedTrust(_:cut:)``): it scales the
    ///   evidence, and at 0 no phrasing speaks.
    static func learnedEvidence(
        for vector: [Float], in state: State, cut: Double, trust: Double = 1
    ) -> [Int64: (evidence: Double, phrasing: String)] {
        guard cut.isFinite, trust > 0, state.learnedVectors.count >= learnedMinimum else { return [:] }
        let similarities = state.learnedVectors.map { Double(vector.dot($0)) }
        let (mean, deviation) = meanAndDeviation(similarities)
        guard deviation > 1e-6 else { return [:] }
        let bar = (2 * log(Double(similarities.count))).squareRoot() + cut
        var evidence: [Int64: (evidence: Double, phrasing: String)] = [:]
        for (index, similarity) in similarities.enumerated() {
            let lead = (similarity - mean) / deviation - bar
            let docid = state.docids[state.learnedOwners[index]]
            if lead > 0, lead * trust > evidence[docid]?.evidence ?? 0 { evidence[docid] = (lead * trust, state.learnedTexts[index]) }
        }
        return evidence
    }
}
