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
    /// it was the snippet staff sent (a reply without a snippet: it was not).
    public struct Observation: Sendable, Equatable {
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
        let shown = observations.filter { !$0.abstained }.map { (x: [1, Self.logit($0.confidence)], offset: 0.0, y: $0.correct ? 1.0 : 0.0) }
        let ab = Self.newton(shown, origin: [centre.intercept, centre.slope], priorStrength: priorStrength)
        // A slope at or below zero would turn the order of the suggestions around; keep the scaling monotone.
        let (a, b) = (ab[0], max(ab[1], 0.05))
        let abstained = observations.filter(\.abstained).map {
            (x: [1.0], offset: a + b * Self.logit($0.confidence), y: $0.correct ? 1.0 : 0.0)
        }
        let c = Self.newton(abstained, origin: [centre.abstention], priorStrength: priorStrength)[0]
        return ConfidenceRecalibration(intercept: a, slope: b, abstention: c, outcomes: 0)
    }

    /// Penalised logistic regression: the parameters θ that minimise Σ log(1 + e^z) − y·z with z = offset + θ·x, plus
    /// the Gaussian prior's `priorStrength / 2 · |θ − origin|²`. Newton's method, each step halved until it lowers the
    /// loss (a full step from a prior far from the data, such as an example check's, can overshoot); with two
    /// parameters a dozen steps converge. Without points it returns the origin.
    private static func newton(_ points: [(x: [Double], offset: Double, y: Double)], origin: [Double], priorStrength: Double) -> [Double] {
        let k = origin.count
        var theta = origin
        func z(_ theta: [Double], _ point: (x: [Double], offset: Double, y: Double)) -> Double {
            point.offset + zip(theta, point.x).map { $0 * $1 }.reduce(0, +)
        }
        func loss(_ theta: [Double]) -> Double {
            var total = priorStrength / 2 * zip(theta, origin).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
            for point in points {
                let z = z(theta, point)
                // log(1 + e^z) − y·z, without overflow for large |z|.
                total += max(z, 0) + log1p(exp(-abs(z))) - point.y * z
            }
            return total
        }
        var current = loss(theta)
        for _ in 0..<50 {
            var gradient = zip(theta, origin).map { priorStrength * ($0 - $1) }
            var hessian = (0..<k).map { row in (0..<k).map { row == $0 ? priorStrength : 0 } }
            for point in points {
                let p = Self.sigmoid(z(theta, point))
                let w = p * (1 - p)
                for i in 0..<k {
                    gradient[i] += (p - point.y) * point.x[i]
                    for j in 0..<k { hessian[i][j] += w * point.x[i] * point.x[j] }
                }
            }
            guard var step = Self.solve(hessian, gradient) else { break }
            var next = loss(zip(theta, step).map { $0 - $1 })
            for _ in 0..<30 where !(next <= current) {
                step = step.map { $0 / 2 }
                next = loss(zip(theta, step).map { $0 - $1 })
            }
            guard next <= current else { break }
            theta = zip(theta, step).map { $0 - $1 }
            current = next
            if step.map(abs).reduce(0, +) < 1e-9 { break }
        }
        return theta
    }

    /// The solution of a small symmetric positive definite system (Gaussian elimination with partial pivoting); nil
    /// when it is singular.
    private static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double]? {
        var a = matrix
        var b = vector
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }), abs(a[pivot][column]) > 1e-12
            else { return nil }
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            x[row] = (b[row] - ((row + 1)..<n).map { a[row][$0] * x[$0] }.reduce(0, +)) / a[row][row]
        }
        return x
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
