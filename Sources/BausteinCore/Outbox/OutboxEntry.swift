/// An approved reply on its way out: what a delivery script or a platform's API needs to post it.
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
    /// The citizen's name or handle on the platform (a Mastodon reply mentions it).
    public var author: String?
    /// A public comment rather than a private message.
    public var isPublic = false
    /// When the citizen's message arrived (Meta's 24-hour window counts from it).
    public var receivedAt: String?
    /// The message's platform details (``IncomingMessage/context``).
    public var context: [String: String] = [:]
    /// An earlier attempt started and never reported back (the server was killed): the reply may be out already.
    public var inDoubt = false
    /// What the platform answered for the posted reply.
    public var postID: String?
    public var postURL: String?

    /// `id@version` of the snippet the reply is built on, nil for a free text.
    public var snippetReference: String? {
        snippetID.map { id in snippetVersion.map { "\(id)@\($0)" } ?? id }
    }

    enum CodingKeys: String, CodingKey {
        case itemID = "id", state, channel, replyTo = "reply_to", messageID = "message_id", text, snippetID = "snippet_id"
        case snippetVersion = "snippet_version", attempts, lastError = "last_error", updatedAt = "updated_at"
        case author, isPublic = "public", receivedAt = "received_at", context, inDoubt = "in_doubt", postID = "post_id", postURL = "post_url"
    }
}
