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
        do {
            return WebhookBatch(messages: try JSONDecoder().decode(Body.self, from: Data(body)).messages)
        } catch let error as ServerError {
            throw error
        } catch {
            // Field errors arrive as ServerError from `Body`; what is left is JSON that does not parse.
            throw ServerError.badRequest("Kein gültiges JSON.", field: nil, code: "invalid_json")
        }
    }

    /// One message object or a non-empty array of them, checked in order; an error names its place (`[2].text`).
    private struct Body: Decodable {
        var messages: [IncomingMessage]

        init(from decoder: any Decoder) throws {
            guard var list = try? decoder.unkeyedContainer() else {
                messages = [try Self.message(from: decoder, at: nil)]
                return
            }
            guard !list.isAtEnd else {
                throw ServerError.badRequest(IntakeError.notAnObject.description, field: nil, code: "not_an_object")
            }
            messages = []
            while !list.isAtEnd {
                let index = list.currentIndex
                messages.append(try Self.message(from: try list.superDecoder(), at: "[\(index)]"))
            }
        }

        /// One message of the generic webhook; channels that a platform's own webhook serves are refused.
        private static func message(from decoder: any Decoder, at place: String?) throws -> IncomingMessage {
            let prefix = place.map { $0 + "." } ?? ""
            var message: IncomingMessage
            do {
                message = try IncomingMessage.JSONFields(from: decoder).message
            } catch let error as IntakeError {
                if case .notAnObject = error {
                    throw ServerError.badRequest(error.description, field: place, code: "not_an_object")
                }
                throw ServerError.badRequest(error.description, field: error.field.map { prefix + $0 })
            }
            if let owner = IntakeSource.platformChannels[message.channel] {
                throw ServerError(
                    .forbidden, code: "channel_reserved",
                    message: "Kanal '\(message.channel)' gehört dem Webhook /webhooks/\(owner.rawValue); über /webhooks/generic nur andere "
                        + "Kanäle (z. B. web, email) einliefern.", field: prefix + "channel")
            }
            message.source = .generic
            return message
        }
    }
}
