import BausteinCore
import HTTPTypes
import Hummingbird

/// What one webhook request carried: the messages to store (all or none) and how many events were ignored.
struct WebhookBatch: Sendable {
    var messages: [IncomingMessage] = []
    /// Events acknowledged without a message: echoes, reads, deliveries, other event types, non-text content.
    var ignored = 0
}

/// One platform's webhook contract: how a request proves where it comes from, and what messages it holds.
protocol WebhookAdapter: Sendable {
    /// The path segment and metrics label (`generic`, `mastodon`, `meta`, `telegram`).
    var name: String { get }

    /// Nil when the request is authentic, otherwise why not. Runs before the body is parsed.
    func authenticate(_ headers: HTTPFields, body: [UInt8]) -> SignatureCheck.Failure?

    /// The messages in an authentic body; a malformed body is a 400 ``ServerError`` naming the field.
    func batch(from body: [UInt8]) throws -> WebhookBatch
}
