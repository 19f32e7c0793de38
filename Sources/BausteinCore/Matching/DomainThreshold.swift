import Foundation

/// The abstention bar this base has learned from the questions it answered: how likely to be about the base a message
/// must be (``MatchResult/domainConfidence``) before the matcher suggests a snippet.
///
/// The fitted domain model is one model for every base, and its threshold (``MatchWeights/meaningThreshold``) is the
/// highest that keeps in-domain abstention at most 10 % on every labelled set, so it suits the base whose own questions
/// look least like its snippets. On a base whose own questions stand out clearly (covidqa-de: 9 of 10 above 0.9), it
/// lets foreign questions through that sit far below where the base's own ones are; on a base whose citizens ask in
/// words far from its texts, it abstains on more than the 10 % it was chosen for. Each reply that went out on a snippet
/// records the domain confidence its question had at intake: the base answered that question, so it was about the base.
/// From ``minimumQuestions`` such questions on (the newest ``window``), they move the bar, within
/// ``MatchWeights/ownAbstention`` (10 %) of the base's own questions:
/// - **up** to ``raised``, where that is above the fitted bar: the highest of them that new questions of the base fall
///   below at most 10 % of the time with ``certainty`` (90 %), the k-th lowest for the largest k with
///   P(Binomial(n, 10 %) ≥ k) ≥ 90 % (the share below the k-th lowest of n is Beta(k, n − k + 1) distributed). With few
///   questions that is low in their order (2 of 50, 6 of 100), with many it nears 10 % (88 of 1,000); a plain 8 %
///   quantile takes the 6th lowest of 69. Over 5 folds of covidqa-de it abstained on 6.5 % of the held-out questions;
///   learned from its 69 odd lines, on 13.0 % of the even ones (the 8 % quantile on 14.5 %), whose tail is heavier;
/// - **down** to ``lowered``, the value below which 10 % of them lie, where the fitted bar abstains on more than that:
///   only as far as the bound needs, since every step down lets foreign questions through.
///
/// A reply written without a snippet records no domain confidence: such a question may be foreign or a gap in the base.
/// Measured with `baustein eval --compare` (5-fold, each fold's bar learned from the other four folds): see the README,
/// "Abstention learned per base".
public struct DomainThreshold: Sendable, Equatable, Codable {
    /// The bar the base's answered questions allow with certainty (nil while they are fewer than ``minimumQuestions``).
    public var raised: Double?
    /// The value below which the bound's share of them lie (nil while they are too few).
    public var lowered: Double?
    /// How many answered questions it was learned from.
    public var questions: Int

    /// The bar with nothing learned.
    public static let none = DomainThreshold(raised: nil, lowered: nil, questions: 0)

    /// Answered questions needed before the base's own bar replaces the fitted one: with fewer, the lowest few decide it.
    public static let minimumQuestions = 50
    /// How many of the newest answered questions count: a base and its citizens change.
    public static let window = 1_000
    /// The learned bar never goes below this: a question the fitted model gives less than a 10 % chance of being about
    /// the base is not answered however low the base's own questions sit.
    public static let floor = 0.1
    /// How sure a raised bar must be to keep the base's own questions' abstention within the bound.
    public static let certainty = 0.9

    public init(raised: Double?, lowered: Double?, questions: Int) {
        self.raised = raised
        self.lowered = lowered
        self.questions = questions
    }

    /// The bar learned from the domain confidences of questions the base answered, newest first.
    ///
    /// - Parameter bound: the share of the base's own questions it may abstain on (``MatchWeights/ownAbstention``); 0 or
    ///   less learns nothing.
    public init(answered: [Double], bound: Double = MatchWeights().ownAbstention) {
        let values = answered.prefix(Self.window).filter(\.isFinite).sorted()
        let rank = Self.rank(of: values.count, bound: bound)
        guard values.count >= Self.minimumQuestions, rank > 0 else {
            self.init(raised: nil, lowered: nil, questions: values.count)
            return
        }
        // Below the rank-th lowest lie rank − 1 of the answered questions; below the lowered bar, the bound's share.
        let share = min(Int((bound * Double(values.count)).rounded(.down)), values.count - 1)
        self.init(raised: max(values[rank - 1], Self.floor), lowered: max(values[share], Self.floor), questions: values.count)
    }

    /// The bar to apply, given the fitted model's: raised where the base's questions allow it with certainty, lowered
    /// where the fitted bar abstains on more than the bound of them, else the fitted one.
    public func threshold(fitted: Double) -> Double {
        guard let raised, let lowered else { return fitted }
        return raised > fitted ? raised : min(fitted, lowered)
    }

    /// The largest k for which P(Binomial(n, bound) ≥ k) ≥ ``certainty`` (0 when there is none): the k-th lowest of n
    /// answered questions has at most `bound` of the base's questions below it with that certainty.
    static func rank(of n: Int, bound: Double) -> Int {
        guard n > 0, bound > 0, bound < 1 else { return 0 }
        // P(X ≤ j), summed up from the probability of 0 while it stays within 1 − certainty: then k = j + 1.
        var probability = pow(1 - bound, Double(n))
        var cumulative = probability
        var rank = 0
        for j in 0..<n {
            guard cumulative <= 1 - certainty else { break }
            rank = j + 1
            probability *= Double(n - j) / Double(j + 1) * bound / (1 - bound)
            cumulative += probability
        }
        return rank
    }
}
