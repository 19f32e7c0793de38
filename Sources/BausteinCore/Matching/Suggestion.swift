/// Why a snippet was suggested: a citizen's word and the index term it matched.
public struct MatchReason: Sendable, Hashable, Codable {
    public var word: String
    public var term: String
    public var origin: TermOrigin
}

/// One ranked snippet for a citizen's question.
public struct Suggestion: Sendable, Codable {
    public var snippetID: String
    public var title: String
    /// 0…1: how sure the matcher is that this snippet answers the question, calibrated: of the suggestions
    /// shown with 80 %, about 80 % are right.
    public var confidence: Double
    public var reasons: [MatchReason]
    /// The raw ranking score (0…1) that orders the suggestions; not a probability.
    public var score: Double = 0
    /// The score's lead over the best other candidate (negative below the first place).
    public var margin: Double = 0
    /// Share of the question's evidence (idf mass) that the snippet matches at all.
    public var coverage: Double = 0
    /// The confidence of the fitted model before this base's scaling (``ConfidenceRecalibration``); confirmed
    /// replies record it, so that the scaling is always fitted on the same model's figures.
    public var modelConfidence: Double = 0
    /// The meaning channel's similarity of question and snippet (about 0.7–0.95 for e5), when the channel is on.
    public var meaning: Double?
}

/// The matcher's answer: ranked suggestions, or an abstention when no approved answer fits.
public struct MatchResult: Sendable, Codable {
    /// The best candidates, best first (also when abstaining, for staff to look at).
    public var suggestions: [Suggestion]
    /// True when the chance that the question is about this base (``domainConfidence``) is below the
    /// threshold: no approved answer fits.
    public var abstained: Bool
    public var threshold: Double
    /// Citizen words the index does not know at all.
    public var unknownWords: [String]
    /// Share of the question's evidence (idf mass) that the index knows at all: low for another domain.
    public var knownShare: Double = 0
    /// 0…1, calibrated: how likely the question is about this base at all (the abstention decides on it).
    public var domainConfidence: Double = 0
    /// The meaning channel's best similarity over the base, when it is on (the domain gate reads it).
    public var meaning: Double?
    /// The standard deviation of the question's meaning similarities over the base (the domain gate reads it): a
    /// question about the base is much closer to a few snippets than to the rest, a foreign one about as far from all.
    public var meaningSpread: Double?
    /// The best word score of all candidates (the domain gate reads it too).
    public var bestScore: Double = 0
    /// The best word score of all candidates by sure evidence alone, without typo corrections, thesaurus synonyms,
    /// containing compounds or associations, when the meaning channel is on (its domain gate reads it).
    public var sureScore: Double?
    /// Every candidate's evidence channel by channel, when asked for (`baustein eval --samples` dumps it for fitting).
    public var candidates: [CandidateEvidence]?
    /// The first candidate with the learned evidence and by the snippets' own text alone, whichever ranked: the
    /// confirmation records which was right (``LearningCheck``).
    public var firstLearned: String?
    public var firstUnlearned: String?
    /// Whether the learned evidence ranked (the base's ``LearningCheck`` said so, or the check is off).
    public var usesLearning = true
    /// What the matcher ranked by (the meaning model's id, or "words"): ``domainConfidence`` is on that domain model's
    /// scale, and the base learns its abstention bar per ranking (``DomainThreshold``).
    public var ranking: String?
}

/// One candidate's evidence, channel by channel: what the ranking weighs.
public struct CandidateEvidence: Sendable, Codable {
    public var snippetID: String
    /// The word score from the snippet's own text, and what its learned phrasings add to it.
    public var words: Double
    public var learnedWords: Double
    public var coverage: Double
    public var meaning: Double?
    public var meaningZ: Double?
    public var learnedMeaning: Double
    public var preference: Double
    public var rank: Double
}
