/// A snippet suggested for a message at intake, with the version it had then.
public struct StoredSuggestion: Sendable, Hashable, Codable {
    public var rank: Int
    public var snippetID: String
    public var snippetVersion: Int
    public var title: String
    public var confidence: Double
    public var reasons: [MatchReason]
}

/// One line of the queue: enough to pick the next item.
public struct QueueEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var state: ReviewState
    /// Changes with every action; pass it back to act only on what one has seen.
    public var revision: Int
    public var channel: String
    public var author: String?
    public var receivedAt: String
    /// Escalation categories the message hit.
    public var flags: [String]
    /// The message text (the CLI masks and shortens it for display).
    public var text: String
    /// The best suggestion; nil when matching has not run yet or nothing was found.
    public var top: StoredSuggestion?
    /// True when no suggestion reached the threshold.
    public var abstained: Bool
    /// False until the matcher has run for this message.
    public var matched: Bool
    public var department: String?
    /// Who holds the item right now, if anyone.
    public var claimedBy: String?
    public var note: String?
    /// True when a flag carries an urgent notice (emergency, self-harm): such items come first.
    public var urgent: Bool
}
