import BausteinCore
import BausteinServer
import BausteinTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Replays the real platform payloads in `../shared/fixtures/webhooks` (Mastodon docs, Messenger, Telegram
/// samples) when that folder is present; they must all be acknowledged, and only text messages stored.
@Suite(
    "Shared platform payloads",
    .enabled(if: SharedWebhookFixtures.folder != nil, "../shared/fixtures/webhooks is absent: shared platform payloads skipped"))
struct SharedFixtureReplayTests {
    static var folder: URL? { SharedWebhookFixtures.folder }


    static func replay(_ path: String, bodies: [[UInt8]], headers: @Sendable ([UInt8]) -> HTTPFields) async throws -> Int {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            for body in bodies {
                try await client.execute(uri: path, method: .post, headers: headers(body), body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == .ok, "\(String(decoding: body.prefix(120), as: UTF8.self))")
                }
            }
        }
        return try fixture.storedCount()
    }

    static func lines(_ file: URL) throws -> [[UInt8]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    @Test("Messenger samples: only the text message is stored; echo, read, delivery, postback and others are ignored")
    func messenger() async throws {
        let folder = try #require(Self.folder)
        let bodies = try Self.lines(folder.appendingPathComponent("messenger/remixz-all-bodies.raw.jsonl"))
        let stored = try await Self.replay("/webhooks/meta", bodies: bodies) { body in
            [.contentType: "application/json", HTTPField.Name("X-Hub-Signature-256")!: "sha256=" + Hashing.hmacHex(key: Array("meta-geheim".utf8), message: body)]
        }
        #expect(stored == 1)
    }

    @Test("Mastodon documentation examples: status.created is stored, report.created ignored")
    func mastodon() async throws {
        let folder = try #require(Self.folder)
        let bodies = try ["mastodon/status.created.ASSEMBLED.json", "mastodon/report.created.docs-example.json"].map {
            Array(try Data(contentsOf: folder.appendingPathComponent($0)))
        }
        let stored = try await Self.replay("/webhooks/mastodon", bodies: bodies) { body in
            [.contentType: "application/json", HTTPField.Name("X-Hub-Signature")!: "sha256=" + Hashing.hmacHex(key: Array("mastodon-geheim".utf8), message: body)]
        }
        #expect(stored == 1)
    }

    @Test("Telegram samples: text messages, captions and channel posts are stored; stickers, edits and service messages ignored")
    func telegram() async throws {
        let folder = try #require(Self.folder)
        var bodies = try Self.lines(folder.appendingPathComponent("telegram/aiogram-messages-wrapped-as-updates.jsonl"))
        bodies.append(Array(try Data(contentsOf: folder.appendingPathComponent("telegram/aiogram-UPDATE.json"))))
        var expected = 0
        for body in bodies {
            let update = (try JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
            let post = (update["message"] ?? update["channel_post"]) as? [String: Any]
            if let post, post["text"] != nil || post["caption"] != nil { expected += 1 }
        }
        let stored = try await Self.replay("/webhooks/telegram", bodies: bodies) { _ in
            [.contentType: "application/json", HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "telegram-geheim"]
        }
        #expect(expected >= 4)
        #expect(stored == expected)
    }
}

/// Where the shared platform payloads live on developer machines and in CI.
enum SharedWebhookFixtures {
    static var folder: URL? {
        TestEnvironment.sharedDirectory?.appendingPathComponent("fixtures/webhooks")
    }
}
