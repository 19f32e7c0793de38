import Foundation

/// Turns raw evidence into calibrated probabilities: that a suggestion is the right answer, and that the
/// question is about this base at all.
///
/// Two logistic (Platt) models over features that ``Suggestion`` and ``MatchResult`` expose: the raw score,
/// its margin over the best other candidate, the share of the question's evidence the snippet covers, and the
/// share the index knows at all. The coefficients were fitted (logistic regression, `baustein eval --json
/// --samples`) on labelled questions: covidqa-de dev and the starter base's held-out questions, each also
/// asked of the other base as out-of-domain questions. So a reported 80 % is right about 80 % of the time;
/// `baustein eval` prints the reliability table that checks it.
public struct ConfidenceCalibration: Sendable, Equatable {
    public var intercept: Double
    public var score: Double
    public var margin: Double
    public var coverage: Double
    public var knownShare: Double
    /// The in-domain model: intercept and weights of the best score and the known share (classes balanced).
    public var domainIntercept = -5.28
    public var domainScore = 8.87
    public var domainKnownShare = 4.81
    /// Weight of the first suggestion's meaning similarity, per 0.01 above ``meaningCentre`` (e5's cosine sits between about 0.75
    /// and 0.95); 0 in the words' model, which never sees one.
    public var domainSimilarity = 0.0
    /// The similarity the meaning coefficient is centred on.
    public static let meaningCentre = 0.85
    /// Weight of the spread of the question's similarities over the base, per 0.01 above ``spreadCentre``. The best
    /// similarity alone is read on each base's own scale (the starter base's questions sit lower than covidqa's); a
    /// question about the base stands out from the rest of it, whatever the scale. 0 in the words' model.
    public var domainSpread = 0.0
    public static let spreadCentre = 0.015
    /// Weight of the best word score by sure evidence alone (``MatchResult/sureScore``): a foreign question often
    /// scores on guesses only, a typo correction or a thesaurus synonym of one of its words. 0 in the words' model,
    /// where it told the bases' own questions from foreign ones no better than the score and the known share do.
    public var domainSureScore = 0.0

    public init(intercept: Double, score: Double, margin: Double, coverage: Double, knownShare: Double) {
        self.intercept = intercept
        self.score = score
        self.margin = margin
        self.coverage = coverage
        self.knownShare = knownShare
    }

    /// The fitted model (see the type's documentation).
    public static let fitted = ConfidenceCalibration(intercept: -3.68, score: 2.61, margin: 3.23, coverage: 0.69, knownShare: 1.48)

    /// Both models for suggestions ranked with the meaning channel, fitted the same way with the channel on. Once
    /// meaning decides the order, the best other candidate's word score says most about a wrong first place; the
    /// best meaning similarity was tried as a sixth feature of the confidence and added nothing (coefficient −0.06),
    /// but it tells the base's own questions from foreign ones (the domain model, classes balanced).
    public static let fittedWithMeaning: ConfidenceCalibration = {
        var calibration = ConfidenceCalibration(intercept: 2.647, score: -5.89, margin: 8.016, coverage: 2.38, knownShare: -2.088)
        // With the sure score, the score with guesses and the known share add nothing (refitted: −1.03 and 0.07). The
        // first suggestion's similarity tells foreign questions apart better than the best over the base: held out
        // (200 half splits), 92.3 / 89.9 % of foreign questions abstained against 91.7 / 89.1 %.
        calibration.domainIntercept = -2.810
        calibration.domainScore = 0
        calibration.domainKnownShare = 0
        calibration.domainSureScore = 11.855
        calibration.domainSimilarity = 0.834
        calibration.domainSpread = 6.275
        return calibration
    }()

    /// The calibrated confidence in 0…1.
    public func probability(score rawScore: Double, margin rawMargin: Double, coverage rawCoverage: Double, knownShare rawKnown: Double)
        -> Double
    {
        let z = intercept + score * rawScore + margin * rawMargin + coverage * rawCoverage + knownShare * rawKnown
        return 1 / (1 + exp(-z))
    }

    /// The calibrated chance that the question is about this base at all (abstention is decided on it).
    ///
    /// - Parameters:
    ///   - meaning: the first suggestion's meaning similarity, when the meaning channel is on.
    ///   - spread: the standard deviation of the question's similarities over the base, when the channel is on.
    ///   - sureScore: the best word score by sure evidence alone, when the channel is on.
    public func domainProbability(
        score rawScore: Double, knownShare rawKnown: Double, meaning: Double? = nil, spread: Double? = nil, sureScore: Double? = nil
    ) -> Double {
        let similarity = meaning.map { domainSimilarity * ($0 - Self.meaningCentre) * 100 } ?? 0
        let standingOut = spread.map { domainSpread * ($0 - Self.spreadCentre) * 100 } ?? 0
        let words = domainScore * rawScore + domainKnownShare * rawKnown + domainSureScore * (sureScore ?? 0)
        return 1 / (1 + exp(-(domainIntercept + words + similarity + standingOut)))
    }
}
