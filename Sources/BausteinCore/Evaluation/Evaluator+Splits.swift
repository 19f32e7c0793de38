/// The ways `baustein eval` divides labelled questions into what a fresh base learns and what it is asked.
extension Evaluator {
    /// Cross-validated learning: question i goes to fold i mod `folds`; each fold is asked of a fresh base that learned
    /// the other folds through the confirmation path.
    ///
    /// - Parameters:
    ///   - fresh: a new evaluator over a base that has learned nothing yet.
    ///   - alsoAsk: questions asked of every fold's base after learning (other bases' questions, which it should abstain
    ///     on): what the base has learned about its own questions must not let foreign ones through.
    /// - Returns: every question's outcome (in line order), how many phrasings the folds learned in all, and per question
    ///   of `alsoAsk` one outcome per fold.
    public static func crossValidate(
        _ queries: [LabelledQuery], folds: Int, fresh: () throws -> Evaluator, evidence: Bool = false, alsoAsk: [LabelledQuery] = []
    ) throws -> (outcomes: [Outcome], learned: Int, also: [[Outcome]]) {
        var outcomes: [Outcome] = []
        var also: [[Outcome]] = []
        var learned = 0
        for fold in 0..<max(folds, 1) {
            let evaluator = try fresh()
            let parts = queries.enumerated()
            learned += try evaluator.learn(parts.filter { $0.offset % folds != fold }.map(\.element))
            outcomes += try evaluator.outcomes(parts.filter { $0.offset % folds == fold }.map(\.element), evidence: evidence)
            if !alsoAsk.isEmpty { also.append(try evaluator.outcomes(alsoAsk)) }
        }
        return (outcomes.sorted { $0.query.line < $1.query.line }, learned, also)
    }

    /// Learns `learn` on a fresh base, then asks it `ask`: the cold outcomes (before learning) and the warm ones.
    public static func learnThenAsk(
        learn: [LabelledQuery], ask: [LabelledQuery], fresh: () throws -> Evaluator
    ) throws -> (cold: [Outcome], warm: [Outcome]) {
        let evaluator = try fresh()
        let cold = try evaluator.outcomes(ask)
        try evaluator.learn(learn)
        return (cold, try evaluator.outcomes(ask))
    }
}

/// Which half of the page split a question belongs to: the SHA-256 of its (first) expected id, last hex digit even is
/// A, odd is B. Learning A and asking B measures what learning does to pages nobody has asked about yet; questions on
/// the same page always land in the same half.
public enum PageHalf: Sendable {
    case a, b

    /// The half of an in-domain question; nil for one that should abstain.
    public init?(_ query: LabelledQuery) {
        guard let id = query.firstID, !query.shouldAbstain else { return nil }
        // The last hex digit's parity is the last byte's.
        let last = Hashing.sha256Hex(of: id).last.flatMap { $0.hexDigitValue } ?? 0
        self = last % 2 == 0 ? .a : .b
    }

    /// The in-domain questions of each half, in their order.
    public static func split(_ queries: [LabelledQuery]) -> (a: [LabelledQuery], b: [LabelledQuery]) {
        (queries.filter { PageHalf($0) == .a }, queries.filter { PageHalf($0) == .b })
    }
}
