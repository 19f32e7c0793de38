/// What sending a snippet on an item would do: the exact text for the item's channel, where it goes, and whether
/// the press office approves it first.
public struct ConfirmationPreview: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var snippetID: String
    public var snippetVersion: Int
    /// Exactly the text that would be sent (the `short:` variant where the long one does not fit the channel).
    public var text: String
    public var usedShort: Bool
    public var channel: String
    /// The reply address, or the author when the message came without one; nil when neither is known.
    public var recipient: String?
    /// True when the reply waits for the press office instead of going to the outbox.
    public var needsPress: Bool
}
