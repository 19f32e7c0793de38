import BausteinCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /webhooks/telegram`: Bot API updates, authenticated by the `X-Telegram-Bot-Api-Secret-Token` header that
/// `setWebhook(secret_token:)` makes Telegram send, compared in constant time.
///
/// The text (or a media caption) of `message` and `channel_post` becomes a message on channel `telegram`; other
/// updates (edits, callbacks, media without caption) are acknowledged and ignored. The idempotency key is
/// `update_id`; `reply_to` is `chat_id/message_id`.
struct TelegramAdapter: WebhookAdapter {
    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    struct Update: Decodable {
        var updateId: Int64
        var message: Message?
        var channelPost: Message?
    }

    struct Message: Decodable {
        var messageId: Int64
        var date: Int64?
        var chat: Chat
        var from: User?
        var text: String?
        var caption: String?
    }

    struct Chat: Decodable {
        var id: Int64
        var type: String?
        var username: String?
        var title: String?
    }

    struct User: Decodable {
        var id: Int64
        var username: String?
    }

    let name = "telegram"
    let secret: String

    func authenticate(_ headers: HTTPFields, body: [UInt8]) -> SignatureCheck.Failure? {
        guard let given = headers[Self.secretHeader], !given.isEmpty else { return .missing }
        return Hashing.equalInConstantTime(given, secret) ? nil : .invalid
    }

    func batch(from body: [UInt8]) throws -> WebhookBatch {
        let update = try PayloadDecoder.decode(Update.self, from: body)
        guard let post = update.message ?? update.channelPost, let text = post.text ?? post.caption,
            !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else { return WebhookBatch(ignored: 1) }
        let author = post.from.map { $0.username ?? String($0.id) } ?? post.chat.username ?? post.chat.title
        let message = IncomingMessage(
            externalID: String(update.updateId), channel: "telegram", author: author, text: text,
            receivedAt: post.date.map { Date(timeIntervalSince1970: TimeInterval($0)) },
            isPublic: ["group", "supergroup", "channel"].contains(post.chat.type ?? "private"),
            replyTo: "\(post.chat.id)/\(post.messageId)", source: .telegram)
        return WebhookBatch(messages: [message])
    }
}
