/// How well confidences match reality: per confidence band, how often the first suggestion was right.
///
/// A question counts as right when the matcher's first suggestion is one of its expected ids; an
/// out-of-domain question (`-`) is never right, whatever was suggested. A calibrated matcher has, in each
/// band, an accuracy close to the band's mean confidence.
public struct ReliabilityTable: Sendable, Codable, Equatable {
    public struct Band: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int
        public var meanConfidence: Double
        public var accuracy: Double

        enum CodingKeys: String, CodingKey {
            case lower, upper, count, accuracy
            case meanConfidence = "mean_confidence"
        }
    }

    public var bands: [Band]
    /// Expected calibration error: the count-weighted mean gap between confidence and accuracy.
    public var expectedCalibrationError: Double
    /// The error a perfectly calibrated matcher would show on average with the same confidences: each question right
    /// with exactly its confidence, so that a band's accuracy only scatters around its mean confidence, by about
    /// √(2/π) · √(Σ p(1 − p)) / n (the mean absolute deviation of the band's share of right answers). On a few
    /// hundred questions it is not small: 0.087 on covidqa-de's 138 dev questions, 0.045 on integreat-de's 535. An
    /// error near it says nothing against the calibration; one well above it does.
    public var chanceError: Double

    enum CodingKeys: String, CodingKey {
        case bands
        case expectedCalibrationError = "ece"
        case chanceError = "chance_ece"
    }

    /// Builds the table from (confidence of the first suggestion, was it right) pairs, in `bandCount` equal bands.
    public init(_ outcomes: [(confidence: Double, correct: Bool)], bandCount: Int = 10) {
        var sums = [(count: Int, confidence: Double, correct: Int, variance: Double)](repeating: (0, 0, 0, 0), count: bandCount)
        for outcome in outcomes {
            let band = min(max(Int(outcome.confidence * Double(bandCount)), 0), bandCount - 1)
            sums[band].count += 1
            sums[band].confidence += outcome.confidence
            sums[band].correct += outcome.correct ? 1 : 0
            sums[band].variance += outcome.confidence * (1 - outcome.confidence)
        }
        bands = sums.enumerated().compactMap { index, sum in
            guard sum.count > 0 else { return nil }
            return Band(
                lower: Double(index) / Double(bandCount), upper: Double(index + 1) / Double(bandCount), count: sum.count,
                meanConfidence: sum.confidence / Double(sum.count), accuracy: Double(sum.correct) / Double(sum.count))
        }
        let total = Double(max(outcomes.count, 1))
        expectedCalibrationError = bands.reduce(0) { $0 + Double($1.count) / total * abs($1.meanConfidence - $1.accuracy) }
        // Per band (count / total) · √(2/π) · √(Σ p(1 − p)) / count.
        chanceError = sums.reduce(0) { $0 + (2 / Double.pi).squareRoot() * $1.variance.squareRoot() / total }
    }
}
