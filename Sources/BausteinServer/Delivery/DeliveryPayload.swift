import BausteinCore

/// The JSON body a delivery receiver gets for one approved reply.
struct DeliveryPayload: Encodable {
    /// Baustein's item id; the same reply always carries the same id (use it to ignore a repeated delivery).
    var id: Int64
    var channel: String
    var replyTo: String?
    var messageID: String?
    var text: String
    /// `snippet-id@version`, nil for a free text.
    var snippet: String?
    var attempt: Int

    init(_ entry: OutboxEntry, attempt: Int) {
        id = entry.itemID
        channel = entry.channel
        replyTo = entry.replyTo
        messageID = entry.messageID
        text = entry.text
        snippet = entry.snippetReference
        self.attempt = attempt
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, replyTo = "reply_to", messageID = "message_id", text, snippet, attempt
    }
}
