/// Everything about one item: the message, the suggestions with their rendered replies, the reply so far and the
/// item's audit history.
public struct ItemDetail: Sendable, Codable {
    /// A suggestion with the reply it would produce on the message's channel.
    public struct Proposal: Sendable, Codable {
        public var suggestion: StoredSuggestion
        /// The rendered reply; placeholders still without a value (see `values`) show as `{{name}}`.
        /// Nil when it cannot be rendered at all (see `problem`).
        public var reply: String?
        /// Why the reply cannot be rendered as it is (missing values, too long, snippet gone).
        public var problem: String?
        /// Per-message placeholders that still need a value (`--set name=…`).
        public var values: [String]
        public var approval: ApprovalLevel
        /// True when `reply` is the snippet's `short:` variant because the full text does not fit the channel.
        public var usedShort = false
        /// The full text to start an edit from, also when it is too long for the channel (then the person shortens it).
        public var draft: String?
    }

    /// A notice for staff from the escalation triggers (the 110/112 hint for emergencies).
    public struct Notice: Sendable, Codable, Hashable {
        public var category: String
        public var label: String
        public var text: String?
        /// True when the message was flagged for the category by meaning, not by its words (``EscalationSense``).
        public var byMeaning: Bool?
    }

    public var entry: QueueEntry
    public var externalID: String?
    public var isPublic: Bool
    public var replyTo: String?
    public var proposals: [Proposal]
    public var notices: [Notice]
    public var replyText: String?
    public var snippetID: String?
    public var snippetVersion: Int?
    public var preparedBy: String?
    public var history: [AuditEntry]
    /// The channel's length limit for replies, nil for none.
    public var channelLimit: Int?
    /// The name the replies greet with; nil when the author is no person's name and the greeting is neutral.
    public var greetingName: String?
    /// The platform's id and link of the posted reply, once native delivery posted it.
    public var postID: String? = nil
    public var postURL: String? = nil
}
