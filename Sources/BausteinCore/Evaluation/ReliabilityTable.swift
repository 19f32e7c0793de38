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

    enum CodingKeys: String, CodingKey {
        case bands
        case expectedCalibrationError = "ece"
    }

    /// Builds the table from (confidence of the first suggestion, was it right) pairs, in `bandCount` equal bands.
    public init(_ outcomes: [(confidence: Double, correct: Bool)], bandCount: Int = 10) {
        var sums = [(count: Int, confidence: Double, correct: Int)](repeating: (0, 0, 0), count: bandCount)
        for outcome in outcomes {
            let band = min(max(Int(outcome.confidence * Double(bandCount)), 0), bandCount - 1)
            sums[band].count += 1
            sums[band].confidence += outcome.confidence
            sums[band].correct += outcome.correct ? 1 : 0
        }
        bands = sums.enumerated().compactMap { index, sum in
            guard sum.count > 0 else { return nil }
            return Band(
                lower: Double(index) / Double(bandCount), upper: Double(index + 1) / Double(bandCount), count: sum.count,
                meanConfidence: sum.confidence / Double(sum.count), accuracy: Double(sum.correct) / Double(sum.count))
        }
        let total = Double(max(outcomes.count, 1))
        expectedCalibrationError = bands.reduce(0) { $0 + Double($1.count) / total * abs($1.meanConfidence - $1.accuracy) }
    }
}
