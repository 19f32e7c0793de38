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
    /// Confirmations it was fitted on (0 for no change).
    public var outcomes: Int
    /// How many of the base's own example questions (``ExampleCheck``) it started from.
    public var examples = 0

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
    /// - Parameters:
    ///   - confirmed: the confirmations' pairs.
    ///   - examples: the example check's pairs (``ExampleCheck``): the scaling they fit is the base's own until 20
    ///     confirmations, and then the centre of the prior the confirmations' fit starts from, instead of no change.
    ///   - priorStrength: the Gaussian prior's precision on (a, b): about how many outcomes' worth of
    ///     belief that the fitted model (or the example check's scaling) is right for this base (1 measured best on the
    ///     starter and covidqa-de sets).
    public init(
        outcomes confirmed: [(confidence: Double, correct: Bool)], examples: [(confidence: Double, correct: Bool)] = [],
        priorStrength: Double = 1
    ) {
        var start = Self.identity
        if examples.count >= Self.minimumOutcomes {
            let (a, b) = Self.fit(examples, from: .identity, priorStrength: priorStrength)
            start = ConfidenceRecalibration(intercept: a, slope: b, outcomes: 0)
            start.examples = examples.count
        }
        guard confirmed.count >= Self.minimumOutcomes else {
            self = start
            return
        }
        let (a, b) = Self.fit(confirmed, from: start, priorStrength: priorStrength)
        self.init(intercept: a, slope: b, outcomes: confirmed.count)
        self.examples = start.examples
    }

    /// Maximum a posteriori Platt scaling of `outcomes` with the prior centred on `centre`: its intercept and slope.
    private static func fit(
        _ outcomes: [(confidence: Double, correct: Bool)], from centre: ConfidenceRecalibration, priorStrength: Double
    ) -> (intercept: Double, slope: Double) {
        let (a0, b0) = (centre.intercept, centre.slope)
        var a = a0
        var b = b0
        let points = outcomes.map { (x: Self.logit($0.confidence), y: $0.correct ? 1.0 : 0.0) }
        // The penalised negative log-likelihood, which each step must lower.
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = priorStrength / 2 * ((a - a0) * (a - a0) + (b - b0) * (b - b0))
            for point in points {
                let z = a + b * point.x
                // log(1 + e^z) − y·z, without overflow for large |z|.
                total += max(z, 0) + log1p(exp(-abs(z))) - point.y * z
            }
            return total
        }
        // Newton's method on it, each step halved until it lowers the loss (a full step from a prior far from the data,
        // such as an example check's, can overshoot); two parameters, a dozen steps converge.
        var current = loss(a, b)
        for _ in 0..<50 {
            var ga = priorStrength * (a - a0)
            var gb = priorStrength * (b - b0)
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
            var da = (hbb * ga - hab * gb) / determinant
            var db = (haa * gb - hab * ga) / determinant
            var next = loss(a - da, b - db)
            for _ in 0..<30 where !(next <= current) {
                da /= 2
                db /= 2
                next = loss(a - da, b - db)
            }
            guard next <= current else { break }
            a -= da
            b -= db
            current = next
            if abs(da) + abs(db) < 1e-9 { break }
        }
        // A slope at or below zero would turn the order of the suggestions around; keep the scaling monotone.
        return (a, max(b, 0.05))
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
