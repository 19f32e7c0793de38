/// An approved reply on its way out: what a delivery script needs to post it.
public struct OutboxEntry: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var state: ReviewState
    public var channel: String
    /// What the reply answers on the platform (comment id, chat id, e-mail address).
    public var replyTo: String?
    /// The platform's id of the citizen's message.
    public var messageID: String?
    public var text: String
    public var snippetID: String?
    public var snippetVersion: Int?
    public var attempts: Int
    public var lastError: String?
    public var updatedAt: String

    /// `id@version` of the snippet the reply is built on, nil for a free text.
    public var snippetReference: String? {
        snippetID.map { id in snippetVersion.map { "\(id)@\($0)" } ?? id }
    }

    enum CodingKeys: String, CodingKey {
        case itemID = "id", state, channel, replyTo = "reply_to", messageID = "message_id", text, snippetID = "snippet_id"
        case snippetVersion = "snippet_version", attempts, lastError = "last_error", updatedAt = "updated_at"
    }
}
