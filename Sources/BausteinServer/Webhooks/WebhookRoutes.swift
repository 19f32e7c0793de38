import BausteinCore
import Foundation
import Hummingbird
import Logging

/// `/webhooks/{generic,mastodon,meta,telegram}`: size and media type first, then authenticity, then the payload;
/// the answer is 2xx only after the messages are committed.
struct WebhookRoutes: Sendable {
    /// The JSON body of a successful webhook answer.
    struct Answer: Encodable {
        struct Item: Encodable {
            var id: Int64
            var channel: String
            var externalID: String?
            var duplicate: Bool

            enum CodingKeys: String, CodingKey { case id, channel, externalID = "external_id", duplicate }
        }

        var accepted: Int
        var duplicates: Int
        var ignored: Int
        var items: [Item]
    }

    let adapters: [String: any WebhookAdapter]
    let committer: IntakeCommitter
    let metrics: ServerMetrics
    let metaVerifyToken: String?

    static let names = ServerConfiguration.Webhook.allCases.map(\.rawValue)

    func register(on router: Router<BausteinRequestContext>) {
        for name in Self.names {
            router.post("webhooks/\(name)") { request, context in try await self.receive(name, request, context) }
        }
        router.get("webhooks/meta") { request, _ in
            let query = request.uri.queryParameters
            guard self.adapters["meta"] != nil else { throw ServerError.notConfigured("meta", variable: WebhookSecrets.variable(for: "meta")) }
            return try MetaVerification.answer(
                mode: query.get("hub.mode"), token: query.get("hub.verify_token"), challenge: query.get("hub.challenge"),
                expected: self.metaVerifyToken)
        }
    }

    /// `application/json` and `…+json`, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    private func reject(_ webhook: String, _ reason: String, _ error: ServerError) -> ServerError {
        metrics.increment(.rejected, ["webhook": webhook, "reason": reason])
        return error
    }

    private func receive(_ name: String, _ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        guard let adapter = adapters[name] else {
            throw reject(name, "not_configured", .notConfigured(name, variable: WebhookSecrets.variable(for: name)))
        }
        guard Self.isJSON(request.headers[.contentType]) else { throw reject(name, "unsupported_media_type", .unsupportedMediaType) }
        let bodyLimit = context.maxUploadSize
        if let length = request.headers[.contentLength].flatMap(Int.init), length > bodyLimit {
            throw reject(name, "too_large", .tooLarge(limit: bodyLimit))
        }
        let body: [UInt8]
        do {
            body = Array(try await request.body.collect(upTo: bodyLimit).readableBytesView)
        } catch {
            throw reject(name, "too_large", .tooLarge(limit: bodyLimit))
        }
        if let failure = adapter.authenticate(request.headers, body: body) {
            context.logger.notice("webhook refused", metadata: ["webhook": "\(name)", "reason": "\(failure.rawValue)"])
            throw reject(name, failure.rawValue, failure.error)
        }
        let batch: WebhookBatch
        do {
            batch = try adapter.batch(from: body)
        } catch {
            let refusal = ServerError.from(error)
            throw reject(name, refusal.code == "channel_reserved" ? refusal.code : "malformed", refusal)
        }
        if batch.ignored > 0 { metrics.increment(.ignored, ["webhook": name], by: batch.ignored) }
        var receipts: [IntakeReceipt] = []
        if !batch.messages.isEmpty {
            do {
                receipts = try await committer.accept(batch.messages)
            } catch let error as IntakeError {
                throw reject(name, "invalid_message", ServerError.from(error))
            }
        }
        for receipt in receipts {
            metrics.increment(receipt.duplicate ? .duplicates : .messagesReceived, ["channel": receipt.channel])
        }
        if !receipts.isEmpty {
            context.logger.info(
                "webhook stored",
                metadata: [
                    // Bounded whatever the batch size: a count and the range of item ids, not every id.
                    "webhook": "\(name)", "message.count": "\(receipts.count)",
                    "message.ids": "\(receipts.map(\.itemID).min()!)-\(receipts.map(\.itemID).max()!)",
                    "message.duplicates": "\(receipts.filter(\.duplicate).count)",
                ])
        }
        let items = receipts.map { Answer.Item(id: $0.itemID, channel: $0.channel, externalID: $0.externalID, duplicate: $0.duplicate) }
        let duplicates = items.filter(\.duplicate).count
        return try JSONResponse.make(Answer(accepted: items.count - duplicates, duplicates: duplicates, ignored: batch.ignored, items: items))
    }
}
