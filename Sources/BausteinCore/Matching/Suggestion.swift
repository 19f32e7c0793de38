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
    /// 0…1: how sure the matcher is that this snippet answers the question.
    public var confidence: Double
    public var reasons: [MatchReason]
}

/// The matcher's answer: ranked suggestions, or an abstention when no approved answer fits.
public struct MatchResult: Sendable, Codable {
    /// The best candidates, best first (also when abstaining, for staff to look at).
    public var suggestions: [Suggestion]
    /// True when the best confidence is below the threshold: no approved answer fits.
    public var abstained: Bool
    public var threshold: Double
    /// Citizen words the index does not know at all.
    public var unknownWords: [String]
}
