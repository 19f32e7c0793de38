import BausteinCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /webhooks/generic`: Baustein's own JSON shape `{id, channel, author, text, received_at?, public?, reply_to?}`,
/// one object or an array of them (stored all-or-nothing), authenticated by an intake token (`intake_tokens:`, never a
/// person's API token) or by `X-Baustein-Signature: sha256=<hex HMAC of the raw body>`. The idempotency key is
/// (channel, `id`) among the generic webhook's own messages. Channels that a platform's adapter serves (facebook,
/// instagram, mastodon, telegram) are refused: the generic webhook must not speak as a platform.
struct GenericAdapter: WebhookAdapter {
    static let signatureHeader = HTTPField.Name("X-Baustein-Signature")!

    let name = "generic"
    let secret: [UInt8]?
    /// What a bearer token is: an intake token, a person's API token (not good enough here), or unknown.
    let tokenKind: @Sendable (String) -> TokenKind

    enum TokenKind {
        case intake, person, unknown
    }

    func authenticate(_ headers: HTTPFields, body: [UInt8]) -> SignatureCheck.Failure? {
        if let authorization = headers[.authorization], authorization.hasPrefix("Bearer ") {
            switch tokenKind(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)) {
            case .intake: return nil
            case .person: return .personToken
            case .unknown: return .invalid
            }
        }
        guard let secret else { return .missing }
        return SignatureCheck.verify(headers[Self.signatureHeader], body: body, key: secret)
    }

    func batch(from body: [UInt8]) throws -> WebhookBatch {
        guard String(validating: body, as: UTF8.self) != nil else {
            throw ServerError.badRequest(IntakeError.invalidUTF8.description, field: nil, code: "invalid_utf8")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw ServerError.badRequest("Kein gültiges JSON.", field: nil, code: "invalid_json")
        }
        if let fields = object as? [String: Any] {
            return WebhookBatch(messages: [try parse(fields, prefix: "")])
        }
        guard let list = object as? [Any], !list.isEmpty else {
            throw ServerError.badRequest(IntakeError.notAnObject.description, field: nil, code: "not_an_object")
        }
        var messages: [IncomingMessage] = []
        for (index, element) in list.enumerated() {
            guard let fields = element as? [String: Any] else {
                throw ServerError.badRequest(IntakeError.notAnObject.description, field: "[\(index)]", code: "not_an_object")
            }
            messages.append(try parse(fields, prefix: "[\(index)]."))
        }
        return WebhookBatch(messages: messages)
    }

    private func parse(_ fields: [String: Any], prefix: String) throws -> IncomingMessage {
        var message: IncomingMessage
        do {
            message = try IncomingMessage.parse(fields: fields)
        } catch {
            throw ServerError.badRequest(error.description, field: error.field.map { prefix + $0 })
        }
        if let owner = IntakeSource.platformChannels[message.channel] {
            throw ServerError(
                .forbidden, code: "channel_reserved",
                message: "Kanal '\(message.channel)' gehört dem Webhook /webhooks/\(owner.rawValue); über /webhooks/generic nur andere Kanäle "
                    + "(z. B. web, email) einliefern.", field: prefix + "channel")
        }
        message.source = .generic
        return message
    }
}
