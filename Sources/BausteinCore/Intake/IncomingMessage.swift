import Foundation

/// A citizen's message as it arrives from a channel, before it is stored.
public struct IncomingMessage: Sendable, Hashable, Codable {
    /// The platform's own id; the same (channel, id) is stored only once. Nil when the source has none.
    public var externalID: String?
    public var channel: String
    public var author: String?
    public var text: String
    public var receivedAt: Date?
    /// A public comment (everyone reads the reply) rather than a private message.
    public var isPublic: Bool
    /// What the reply answers on the platform (comment id, chat id, e-mail address).
    public var replyTo: String?
    /// The intake path that delivered it; the idempotency key (`externalID`) counts per path.
    public var source: IntakeSource
    /// What a platform's native delivery needs to answer in the same place and way: Mastodon's visibility and the
    /// author's handle, whether a Meta message is a private message or a comment, an e-mail's Message-ID and subject.
    public var context: [String: String]

    public init(
        externalID: String? = nil, channel: String, author: String? = nil, text: String, receivedAt: Date? = nil,
        isPublic: Bool = false, replyTo: String? = nil, source: IntakeSource = .cli, context: [String: String] = [:]
    ) {
        self.externalID = externalID
        self.channel = channel
        self.author = author
        self.text = text
        self.receivedAt = receivedAt
        self.isPublic = isPublic
        self.replyTo = replyTo
        self.source = source
        self.context = context
    }

    /// Checks what intake requires: a known channel, some text, and not more than the configured size.
    public func validate(_ configuration: WorkflowConfiguration) throws(IntakeError) {
        guard configuration.channels[channel] != nil else {
            throw .unknownChannel(channel, known: configuration.channels.keys.sorted())
        }
        let bytes = text.utf8.count
        guard bytes <= configuration.maxMessageBytes else { throw .tooLong(bytes: bytes, limit: configuration.maxMessageBytes) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .emptyText }
    }

    /// Parses one JSON line: `{"id", "channel", "author", "text", "received_at", "public", "reply_to"}`.
    ///
    /// `channel` and `text` are required; `id` may be a string or a number. Unknown fields are ignored, so that
    /// platforms can send more than Baustein reads.
    public static func parse(jsonLine bytes: some Collection<UInt8>) throws(IntakeError) -> IncomingMessage {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidUTF8 }
        let data = Data(bytes)
        do {
            return try JSONDecoder().decode(JSONFields.self, from: data).message
        } catch let error as IntakeError {
            throw error
        } catch {
            throw .invalidJSON(Self.describeSyntaxError(in: data))
        }
    }

    /// What is wrong with JSON that did not parse. JSONDecoder only says that it is not JSON; JSONSerialization says
    /// where ("Invalid value around character 5."), which is what a person fixing a line needs. Only asked on failure.
    private static func describeSyntaxError(in data: Data) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            return ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "Syntaxfehler"
        }
        return "Syntaxfehler"
    }
}
