import BausteinCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /webhooks/meta`: Messenger and Instagram notifications, signed in
/// `X-Hub-Signature-256: sha256=<hex HMAC(app secret, raw body)>`.
///
/// Messenger `messaging` text events (object `page` → channel `facebook`, object `instagram` → `instagram`) and
/// Instagram `comments` changes become messages; echoes, reads, deliveries, postbacks and attachments without text
/// are ignored. All messages of one notification are stored together or not at all. Idempotency keys: the
/// message's `mid`, the comment's `id`. The subscription check (`GET`) is ``MetaVerification``.
struct MetaAdapter: WebhookAdapter {
    static let signatureHeader = HTTPField.Name("X-Hub-Signature-256")!

    struct Notification: Decodable {
        var object: String
        var entry: [Entry]
    }

    struct Entry: Decodable {
        var time: Int64?
        var messaging: [Messaging]?
        var changes: [Change]?
    }

    struct Messaging: Decodable {
        var sender: Party
        var timestamp: Int64?
        var message: Message?
    }

    struct Party: Decodable {
        var id: FlexibleID
    }

    struct Message: Decodable {
        var mid: String?
        var text: String?
        var isEcho: Bool?
    }

    /// A change; only `comments` values are read, other fields may have any shape.
    struct Change: Decodable {
        var field: String
        var value: Comment?

        enum CodingKeys: String, CodingKey { case field, value }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            field = try container.decode(String.self, forKey: .field)
            value = field == "comments" ? try container.decodeIfPresent(Comment.self, forKey: .value) : nil
        }
    }

    struct Comment: Decodable {
        var id: FlexibleID
        var text: String?
        var from: Commenter?
    }

    struct Commenter: Decodable {
        var id: FlexibleID?
        var username: String?
    }

    let name = "meta"
    let appSecret: [UInt8]

    func authenticate(_ headers: HTTPFields, body: [UInt8]) -> SignatureCheck.Failure? {
        SignatureCheck.verify(headers[Self.signatureHeader], body: body, key: appSecret)
    }

    func batch(from body: [UInt8]) throws -> WebhookBatch {
        let notification = try PayloadDecoder.decode(Notification.self, from: body)
        let channel = notification.object == "instagram" ? "instagram" : "facebook"
        var batch = WebhookBatch()
        for (entryIndex, entry) in notification.entry.enumerated() {
            for (index, event) in (entry.messaging ?? []).enumerated() {
                guard let message = event.message, message.isEcho != true, let text = message.text, !text.isEmpty else {
                    batch.ignored += 1
                    continue
                }
                guard let mid = message.mid, !mid.isEmpty else {
                    let field = "entry[\(entryIndex)].messaging[\(index)].message.mid"
                    throw ServerError.badRequest("Feld '\(field)' fehlt.", field: field)
                }
                batch.messages.append(
                    IncomingMessage(
                        externalID: mid, channel: channel, author: event.sender.id.value, text: text,
                        receivedAt: event.timestamp.map { Date(timeIntervalSince1970: TimeInterval($0) / 1000) }, isPublic: false,
                        replyTo: event.sender.id.value, source: .meta))
            }
            for change in entry.changes ?? [] {
                guard change.field == "comments", let comment = change.value, let text = comment.text, !text.isEmpty else {
                    batch.ignored += 1
                    continue
                }
                batch.messages.append(
                    IncomingMessage(
                        externalID: comment.id.value, channel: "instagram", author: comment.from?.username ?? comment.from?.id?.value,
                        text: text, receivedAt: entry.time.map { Date(timeIntervalSince1970: TimeInterval($0)) }, isPublic: true,
                        replyTo: comment.id.value, source: .meta))
            }
        }
        return batch
    }
}

/// `GET /webhooks/meta`: Meta's subscription check; answers `hub.challenge` when `hub.mode=subscribe` and
/// `hub.verify_token` equals `BAUSTEIN_META_VERIFY_TOKEN`, otherwise 403.
enum MetaVerification {
    static func answer(mode: String?, token: String?, challenge: String?, expected: String?) throws -> Response {
        guard mode == "subscribe", let token, let expected, Hashing.equalInConstantTime(token, expected), let challenge else {
            throw ServerError(.forbidden, code: "verify_token_mismatch", message: "hub.mode oder hub.verify_token passen nicht.")
        }
        return JSONResponse.text(challenge)
    }
}
