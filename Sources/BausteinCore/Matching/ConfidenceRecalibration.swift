import Foundation

/// Adjusts the fitted confidence (``ConfidenceCalibration``) to one authority's base, learned from staff
/// confirmations: each reply that went out says whether the matcher's first suggestion was the snippet staff sent.
///
/// The fitted model was trained on two bases and is off for others: on the starter base the first suggestion is
/// right far more often than the same raw evidence means on covidqa-de, where near-duplicate FAQ entries from
/// different agencies compete. So each base gets Platt scaling on top, with a term for the abstention:
/// `p' = σ(a + b · logit(p) + c · abstained)`, fitted by maximum a posteriori with a Gaussian prior centred on no
/// change (a = 0, b = 1, c = 0), so that a few outcomes move it a little and many move it fully: a and b on the
/// suggestions that were shown, c on the abstained ones on top of them. The abstention term
/// is what makes the figure agree with "nothing fits": the fitted model reads word evidence only, and a question from
/// outside the base can share enough words with a snippet to look sure while the domain gate abstains. A reply staff
/// write without a snippet (the first suggestion was wrong) under an abstention teaches the base how little its
/// abstained suggestions are worth; in-domain questions the gate abstained on that were still right pull the other
/// way. It is monotone within one answer: the order of the suggestions never changes.
public struct ConfidenceRecalibration: Sendable, Equatable, Codable {
    public var intercept: Double
    public var slope: Double
    /// Added to the log-odds when the matcher abstained (0: no change).
    public var abstention = 0.0
    /// Confirmations it was fitted on (0 for no change).
    public var outcomes: Int
    /// How many of the base's own example questions (``ExampleCheck``) it started from.
    public var examples = 0

    /// One outcome of a first suggestion: the fitted model's confidence, whether the matcher abstained, and whether
    /// it was the snippet staff sent (a reply without a snippet: it was not). The example check stores its answers as
    /// these (``ExampleCheck/Outcome``).
    public struct Observation: Sendable, Equatable, Codable {
        public var confidence: Double
        public var abstained: Bool
        public var correct: Bool

        public init(confidence: Double, abstained: Bool = false, correct: Bool) {
            self.confidence = confidence
            self.abstained = abstained
            self.correct = correct
        }
    }

    /// No change: too few confirmations yet.
    public static let identity = ConfidenceRecalibration(intercept: 0, slope: 1, outcomes: 0)

    /// Fewer outcomes than this leave the fitted confidence as it is.
    public static let minimumOutcomes = 20
    /// How many of the latest outcomes a fit uses, so that it follows a base that changes.
    public static let window = 2000

    public init(intercept: Double, slope: Double, abstention: Double = 0, outcomes: Int) {
        self.intercept = intercept
        self.slope = slope
        self.abstention = abstention
        self.outcomes = outcomes
    }

    /// Fits the scaling to the outcomes of first suggestions.
    ///
    /// - Parameters:
    ///   - confirmed: the replies' outcomes.
    ///   - examples: the example check's outcomes (``ExampleCheck``): the scaling they fit is the base's own until 20
    ///     confirmations, and then the centre of the prior the confirmations' fit starts from, instead of no change.
    ///   - priorStrength: the Gaussian prior's precision on (a, b, c): about how many outcomes' worth of
    ///     belief that the fitted model (or the example check's scaling) is right for this base (1 measured best on the
    ///     starter and covidqa-de sets).
    public init(outcomes confirmed: [Observation], examples: [Observation] = [], priorStrength: Double = 1) {
        var start = Self.identity
        if examples.count >= Self.minimumOutcomes {
            start = Self.fit(examples, from: .identity, priorStrength: priorStrength)
            start.examples = examples.count
        }
        guard confirmed.count >= Self.minimumOutcomes else {
            self = start
            return
        }
        self = Self.fit(confirmed, from: start, priorStrength: priorStrength)
        self.outcomes = confirmed.count
        self.examples = start.examples
    }

    /// Maximum a posteriori scaling of `observations` with the prior centred on `centre` (no counts set). The shown
    /// suggestions (not abstained) fit the intercept and slope alone, so that what the abstained ones teach never moves
    /// the percentages staff see; the abstained ones then fit the abstention term on top of that scaling.
    private static func fit(
        _ observations: [Observation], from centre: ConfidenceRecalibration, priorStrength: Double
    )
        -> ConfidenceRecalibration
    {
        let shown = observations.filter { !$0.abstained }.map { (x: Self.logit($0.confidence), y: $0.correct ? 1.0 : 0.0) }
        let (a, b) = Self.platt(shown, from: (centre.intercept, centre.slope), priorStrength: priorStrength)
        let abstained = observations.filter(\.abstained).map { (offset: a + b * Self.logit($0.confidence), y: $0.correct ? 1.0 : 0.0) }
        let c = Self.shift(abstained, from: centre.abstention, priorStrength: priorStrength)
        return ConfidenceRecalibration(intercept: a, slope: b, abstention: c, outcomes: 0)
    }

    /// Maximum a posteriori Platt scaling σ(a + b·x) of (x = logit of the fitted confidence, y = right) points with the
    /// Gaussian prior centred on `centre`: its intercept and slope.
    private static func platt(
        _ points: [(x: Double, y: Double)], from centre: (a: Double, b: Double), priorStrength: Double
    ) -> (intercept: Double, slope: Double) {
        let (a0, b0) = centre
        var a = a0
        var b = b0
        // The penalised negative log-likelihood, which each step must lower.
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = priorStrength / 2 * ((a - a0) * (a - a0) + (b - b0) * (b - b0))
            for point in points { total += Self.logLoss(a + b * point.x, point.y) }
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

    /// Maximum a posteriori shift c of σ(offset + c) over (offset = the scaled log-odds, y = right) points, with the
    /// Gaussian prior centred on `centre`: the same Newton steps in one dimension. Without points it is the centre.
    private static func shift(_ points: [(offset: Double, y: Double)], from centre: Double, priorStrength: Double) -> Double {
        var c = centre
        func loss(_ c: Double) -> Double {
            var total = priorStrength / 2 * (c - centre) * (c - centre)
            for point in points { total += Self.logLoss(point.offset + c, point.y) }
            return total
        }
        var current = loss(c)
        for _ in 0..<50 {
            var gradient = priorStrength * (c - centre)
            var curvature = priorStrength
            for point in points {
                let p = Self.sigmoid(point.offset + c)
                gradient += p - point.y
                curvature += p * (1 - p)
            }
            guard curvature > 1e-12 else { break }
            var step = gradient / curvature
            var next = loss(c - step)
            for _ in 0..<30 where !(next <= current) {
                step /= 2
                next = loss(c - step)
            }
            guard next <= current else { break }
            c -= step
            current = next
            if abs(step) < 1e-9 { break }
        }
        return c
    }

    /// log(1 + e^z) − y·z, without overflow for large |z|: one point's negative log-likelihood.
    private static func logLoss(_ z: Double, _ y: Double) -> Double {
        max(z, 0) + log1p(exp(-abs(z))) - y * z
    }

    /// The base's confidence for a fitted confidence.
    ///
    /// - Parameter abstained: whether the matcher abstained on the question.
    public func apply(_ confidence: Double, abstained: Bool = false) -> Double {
        guard self != .identity else { return confidence }
        return Self.sigmoid(intercept + slope * Self.logit(confidence) + (abstained ? abstention : 0))
    }

    static func logit(_ p: Double) -> Double {
        let clamped = min(max(p, 1e-6), 1 - 1e-6)
        return log(clamped / (1 - clamped))
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
}
