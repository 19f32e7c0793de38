import Foundation

/// Adjusts the fitted confidence (``ConfidenceCalibration``) to one authority's base, learned from staff
/// confirmations: each confirmed reply says whether the matcher's first suggestion was the snippet staff chose.
///
/// The fitted model was trained on two bases and is off for others: on the starter base the first suggestion is
/// right far more often than the same raw evidence means on covidqa-de, where near-duplicate FAQ entries from
/// different agencies compete. So each base gets Platt scaling on top: `p' = σ(a + b · logit(p))`, fitted by
/// maximum a posteriori with a Gaussian prior centred on no change (a = 0, b = 1), so that a few outcomes move it
/// a little and many move it fully. It is monotone: the order of the suggestions never changes.
public struct ConfidenceRecalibration: Sendable, Equatable, Codable {
    public var intercept: Double
    public var slope: Double
    /// Outcomes it was fitted on (0 for no change).
    public var outcomes: Int

    /// No change: too few confirmations yet.
    public static let identity = ConfidenceRecalibration(intercept: 0, slope: 1, outcomes: 0)

    /// Fewer outcomes than this leave the fitted confidence as it is.
    public static let minimumOutcomes = 20
    /// How many of the latest outcomes a fit uses, so that it follows a base that changes.
    public static let window = 2000

    public init(intercept: Double, slope: Double, outcomes: Int) {
        self.intercept = intercept
        self.slope = slope
        self.outcomes = outcomes
    }

    /// Fits the scaling to (fitted confidence of the first suggestion, was it the confirmed snippet) pairs.
    ///
    /// - Parameter priorStrength: the Gaussian prior's precision on (a, b): about how many outcomes' worth of
    ///   belief that the fitted model is right for this base (1 measured best on the starter and covidqa-de sets).
    public init(outcomes: [(confidence: Double, correct: Bool)], priorStrength: Double = 1) {
        guard outcomes.count >= Self.minimumOutcomes else {
            self = .identity
            return
        }
        var a = 0.0
        var b = 1.0
        let points = outcomes.map { (x: Self.logit($0.confidence), y: $0.correct ? 1.0 : 0.0) }
        // Newton's method on the penalised log-likelihood; two parameters, a dozen steps converge.
        for _ in 0..<25 {
            var ga = priorStrength * a
            var gb = priorStrength * (b - 1)
            var haa = priorStrength
            var hab = 0.0
            var hbb = priorStrength
            for point in points {
                let p = Self.sigmoid(a + b * point.x)
                let w = p * (1 - p)
                ga += p - point.y
                gb += (p - point.y) * point.x
                haa += w
                hab += w * point.x
                hbb += w * point.x * point.x
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 1e-12 else { break }
            let da = (hbb * ga - hab * gb) / determinant
            let db = (haa * gb - hab * ga) / determinant
            a -= da
            b -= db
            if abs(da) + abs(db) < 1e-9 { break }
        }
        // A slope at or below zero would turn the order of the suggestions around; keep the scaling monotone.
        self.init(intercept: a, slope: max(b, 0.05), outcomes: outcomes.count)
    }

    /// The base's confidence for a fitted confidence.
    public func apply(_ confidence: Double) -> Double {
        guard self != .identity else { return confidence }
        return Self.sigmoid(intercept + slope * Self.logit(confidence))
    }

    static func logit(_ p: Double) -> Double {
        let clamped = min(max(p, 1e-6), 1 - 1e-6)
        return log(clamped / (1 - clamped))
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
