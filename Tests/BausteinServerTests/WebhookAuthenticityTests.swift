import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// One platform's webhook as the tests drive it: its path, a payload of ours, and how it proves authenticity.
struct AdapterCase: Sendable, CustomTestStringConvertible {
    var path: String
    var fixture: String
    /// Messages the fixture holds.
    var messages: Int
    /// The headers a sender with `secret` attaches to `body`.
    var authenticate: @Sendable (_ body: [UInt8], _ secret: String) -> HTTPFields

    var testDescription: String { path }

    static func signed(_ header: String) -> @Sendable ([UInt8], String) -> HTTPFields {
        { body, secret in
            [.contentType: "application/json", HTTPField.Name(header)!: "sha256=" + Hashing.hmacHex(key: Array(secret.utf8), message: body)]
        }
    }

    static let all: [AdapterCase] = [
        AdapterCase(path: "/webhooks/generic", fixture: "generic-message.json", messages: 1, authenticate: signed("X-Baustein-Signature")),
        AdapterCase(path: "/webhooks/mastodon", fixture: "mastodon-status-created.json", messages: 1, authenticate: signed("X-Hub-Signature")),
        AdapterCase(path: "/webhooks/meta", fixture: "meta-messenger-batch.json", messages: 2, authenticate: signed("X-Hub-Signature-256")),
        AdapterCase(
            path: "/webhooks/telegram", fixture: "telegram-message.json", messages: 1,
            authenticate: { _, secret in [.contentType: "application/json", HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: secret] }),
    ]

    /// The secret the fixture server expects for this webhook.
    var secret: String {
        let secrets = ["generic": "generic-geheim", "mastodon": "mastodon-geheim", "meta": "meta-geheim", "telegram": "telegram-geheim"]
        return secrets[String(path.split(separator: "/").last!)]!
    }
}

/// Per adapter: a valid signature is stored; forged, missing or stale ones are 401 with nothing stored; the same
/// delivery twenty times is one message.
@Suite("Webhook authenticity and idempotency")
struct WebhookAuthenticityTests {
    @Test("a correctly signed delivery is stored and acknowledged", arguments: AdapterCase.all)
    func validSignature(adapter: AdapterCase) async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture(adapter.fixture)
        try await fixture.test { client in
            try await client.execute(
                uri: adapter.path, method: .post, headers: adapter.authenticate(body, adapter.secret), body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["accepted"] as? Int == adapter.messages)
            }
        }
        #expect(try fixture.storedCount() == adapter.messages)
    }

    @Test("a signature made with another secret is refused and nothing is stored", arguments: AdapterCase.all)
    func forgedSignature(adapter: AdapterCase) async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture(adapter.fixture)
        try await fixture.test { client in
            try await client.execute(
                uri: adapter.path, method: .post, headers: adapter.authenticate(body, "geraten"), body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .unauthorized)
                let error = response.body.json["error"] as? [String: Any]
                #expect(error?["code"] as? String == "signature_invalid")
            }
        }
        #expect(try fixture.storedCount() == 0)
    }

    @Test("a delivery without signature is refused and nothing is stored", arguments: AdapterCase.all)
    func missingSignature(adapter: AdapterCase) async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture(adapter.fixture)
        try await fixture.test { client in
            try await client.execute(
                uri: adapter.path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .unauthorized)
                #expect((response.body.json["error"] as? [String: Any])?["code"] as? String == "signature_missing")
            }
        }
        #expect(try fixture.storedCount() == 0)
    }

    /// Stale: a signature that was valid for an earlier body, replayed on a changed one; for Telegram, whose header
    /// is not bound to the body, the token from before a rotation.
    @Test("a stale signature is refused and nothing is stored", arguments: AdapterCase.all)
    func staleSignature(adapter: AdapterCase) async throws {
        let body = try ServerFixture.fixture(adapter.fixture)
        let earlier = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "?", with: "!").utf8)
        #expect(earlier != body)
        var secrets = ServerFixture.secrets
        secrets.telegram = "telegram-rotiert"
        let fixture = try ServerFixture(secrets: secrets)
        let headers = adapter.path.hasSuffix("telegram") ? adapter.authenticate(body, adapter.secret) : adapter.authenticate(earlier, adapter.secret)
        try await fixture.test { client in
            try await client.execute(uri: adapter.path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(try fixture.storedCount() == 0)
    }

    @Test("the same delivery twenty times is stored once", arguments: AdapterCase.all)
    func repeatedDelivery(adapter: AdapterCase) async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture(adapter.fixture)
        let headers = adapter.authenticate(body, adapter.secret)
        try await fixture.test { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await client.execute(uri: adapter.path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                            #expect(response.status == .ok)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await client.execute(uri: adapter.path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
                #expect(response.body.json["accepted"] as? Int == 0)
                #expect(response.body.json["duplicates"] as? Int == adapter.messages)
            }
        }
        #expect(try fixture.storedCount() == adapter.messages)
    }
}
