/// How a snippet has been used: suggested at intake, chosen by staff, and chosen but edited.
public struct SnippetUsage: Sendable, Codable, Equatable {
    public var snippetID: String
    public var title: String
    /// Times it was among the top 3 suggestions.
    public var suggested: Int
    /// Times staff built a reply on it (confirm or edit).
    public var chosen: Int
    /// Of those, times the text was changed.
    public var edited: Int
    /// When it was last chosen, nil if never.
    public var lastChosen: String?
}

/// Snippets the press office should look at again.
public struct StaleReport: Sendable, Codable, Equatable {
    public enum Reason: Sendable, Codable, Equatable {
        /// `review_by` has passed.
        case reviewOverdue(since: String)
        /// `valid_until` is within the look-ahead window.
        case expiresSoon(on: String)
        /// `valid_until` has passed: never suggested any more.
        case expired(on: String)
        /// `valid_from` lies ahead: not suggested yet.
        case notYetValid(from: String)
        /// Not chosen for a reply in the given number of days (or ever) although it has existed that long.
        case unused(days: Int)
    }

    public struct Entry: Sendable, Codable, Equatable {
        public var usage: SnippetUsage
        public var reasons: [Reason]
    }

    public var today: String
    public var entries: [Entry]
}
