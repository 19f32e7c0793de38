import BausteinCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /webhooks/mastodon`: Mastodon's admin webhooks (`{event, created_at, object}`), signed in
/// `X-Hub-Signature: sha256=<hex HMAC of the raw body>` with the webhook's secret.
///
/// `status.created` and `status.updated` become messages on channel `mastodon` (HTML content to text); other
/// events are acknowledged and ignored. The idempotency key is event + status id (+ `edited_at` for an edit, so
/// that each edit is a message of its own while a repeated delivery is not).
struct MastodonAdapter: WebhookAdapter {
    static let signatureHeader = HTTPField.Name("X-Hub-Signature")!

    struct Envelope: Decodable {
        var event: String
    }

    struct StatusEvent: Decodable {
        var event: String
        var object: Status
    }

    struct Status: Decodable {
        var id: FlexibleID
        var createdAt: String?
        var editedAt: String?
        var content: String
        var spoilerText: String?
        var visibility: String?
        var account: Account?
    }

    struct Account: Decodable {
        var acct: String?
    }

    let name = "mastodon"
    let secret: [UInt8]

    func authenticate(_ headers: HTTPFields, body: [UInt8]) -> SignatureCheck.Failure? {
        SignatureCheck.verify(headers[Self.signatureHeader], body: body, key: secret)
    }

    func batch(from body: [UInt8]) throws -> WebhookBatch {
        let envelope = try PayloadDecoder.decode(Envelope.self, from: body)
        guard envelope.event == "status.created" || envelope.event == "status.updated" else { return WebhookBatch(ignored: 1) }
        let event = try PayloadDecoder.decode(StatusEvent.self, from: body)
        let status = event.object
        var text = HTMLText.plainText(status.content)
        if let warning = status.spoilerText?.trimmingCharacters(in: .whitespacesAndNewlines), !warning.isEmpty {
            text = warning + "\n\n" + text
        }
        guard !text.isEmpty else { return WebhookBatch(ignored: 1) }
        var key = "\(event.event):\(status.id)"
        if event.event == "status.updated", let edited = status.editedAt { key += "@\(edited)" }
        let stamp = event.event == "status.updated" ? (status.editedAt ?? status.createdAt) : status.createdAt
        let message = IncomingMessage(
            externalID: key, channel: "mastodon", author: status.account?.acct, text: text,
            receivedAt: stamp.flatMap(Timestamp.parse), isPublic: ["public", "unlisted"].contains(status.visibility ?? "public"),
            replyTo: status.id.value, source: .mastodon)
        return WebhookBatch(messages: [message])
    }
}
