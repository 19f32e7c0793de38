import BausteinCore
import Foundation

/// Baustein's own delivery to a bridge: the reply as signed JSON (`X-Baustein-Signature`, HMAC-SHA256 of the body) to a
/// URL, with `X-Baustein-Delivery` (the item id) so that the receiver drops a repeat; 2xx means posted.
struct WebhookDelivery: ChannelDelivery {
    let url: URL
    let secret: [UInt8]
    let transport: any DeliveryTransport

    /// The receiver drops repeats by their delivery id.
    var repeatable: Bool { true }

    func plan(_ reply: OutboxEntry) -> DeliveryPlan {
        DeliveryPlan(
            itemID: reply.itemID, channel: reply.channel, platform: "webhook", endpoint: "POST \(url.absoluteString)",
            target: "reply_to \(reply.replyTo ?? "-")", text: reply.text)
    }

    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome {
        guard let body = try? Array(JSONResponse.encoder.encode(DeliveryPayload(reply, attempt: attempt))) else {
            return .failed(reason: "Antwort ließ sich nicht als JSON kodieren.")
        }
        let headers = [
            "Content-Type": JSONResponse.contentType,
            "X-Baustein-Signature": SignatureCheck.sign(body, key: secret),
            "X-Baustein-Delivery": String(reply.itemID),
            "X-Baustein-Attempt": String(attempt),
        ]
        let response = await transport.post(body, to: url, headers: headers, timeout: timeout)
        return response.isSuccess ? .sent(postID: nil, url: nil) : .retry(reason: response.problem ?? "Fehler", after: nil)
    }
}
