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

    public init(
        externalID: String? = nil, channel: String, author: String? = nil, text: String, receivedAt: Date? = nil,
        isPublic: Bool = false, replyTo: String? = nil, source: IntakeSource = .cli
    ) {
        self.externalID = externalID
        self.channel = channel
        self.author = author
        self.text = text
        self.receivedAt = receivedAt
        self.isPublic = isPublic
        self.replyTo = replyTo
        self.source = source
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
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw .invalidJSON(Self.describe(error))
        }
        guard let fields = object as? [String: Any] else { throw .notAnObject }
        return try parse(fields: fields)
    }

    /// Builds a message from decoded JSON fields (also used by the webhook server's generic adapter).
    public static func parse(fields: [String: Any]) throws(IntakeError) -> IncomingMessage {
        func optionalString(_ key: String) throws(IntakeError) -> String? {
            switch fields[key] {
            case nil, is NSNull: return nil
            case let text as String: return text
            default: throw .wrongType(field: key, expected: "ein Text")
            }
        }
        guard fields["channel"] != nil else { throw .missingField("channel") }
        guard let channel = try optionalString("channel") else { throw .wrongType(field: "channel", expected: "ein Text") }
        guard fields["text"] != nil else { throw .missingField("text") }
        guard let text = try optionalString("text") else { throw .wrongType(field: "text", expected: "ein Text") }
        var externalID: String?
        switch fields["id"] {
        case nil, is NSNull: externalID = nil
        case let text as String: externalID = text.isEmpty ? nil : text
        case let value? where JSONValue.integer(value) != nil: externalID = "\(JSONValue.integer(value)!)"
        default: throw .wrongType(field: "id", expected: "ein Text oder eine ganze Zahl")
        }
        var receivedAt: Date?
        if let stamp = try optionalString("received_at") {
            guard let date = Timestamp.parse(stamp) else { throw .invalidTimestamp(stamp) }
            receivedAt = date
        }
        var isPublic = false
        switch fields["public"] {
        case nil, is NSNull: break
        case let value? where JSONValue.boolean(value) != nil: isPublic = JSONValue.boolean(value)!
        default: throw .wrongType(field: "public", expected: "true oder false")
        }
        var replyTo: String?
        switch fields["reply_to"] {
        case nil, is NSNull: break
        case let text as String: replyTo = text
        case let value? where JSONValue.integer(value) != nil: replyTo = "\(JSONValue.integer(value)!)"
        default: throw .wrongType(field: "reply_to", expected: "ein Text oder eine Zahl")
        }
        return IncomingMessage(
            externalID: externalID, channel: channel.lowercased(), author: try optionalString("author"), text: text,
            receivedAt: receivedAt, isPublic: isPublic, replyTo: replyTo)
    }

    private static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        return (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? "Syntaxfehler"
    }
}
