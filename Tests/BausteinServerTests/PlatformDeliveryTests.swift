import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Native delivery against stand-ins of each platform's API on 127.0.0.1, from approval to `sent` with the platform's
/// post id: threading, tokens, idempotency, rate limits and the answers that need staff.
@Suite("Platform delivery")
struct PlatformDeliveryTests {
    static let reply = "Einen neuen Personalausweis beantragen Sie im Bürgerbüro."

    static func secrets() -> WebhookSecrets {
        var secrets = ServerFixture.secrets
        secrets.mastodonToken = "mastodon-token-geheim"
        secrets.telegramBotToken = "123456:telegram-bot-geheim"
        secrets.metaPageToken = "meta-page-geheim"
        return secrets
    }

    /// A fixture delivering `channel` through `platform`, with one approved reply to `message`.
    static func approved(
        _ message: IncomingMessage, platform: ServerConfiguration.DeliveryTarget.Platform, tries: Int = 3, clock: WallClock = .system,
        timeout: TimeInterval = 5
    ) throws -> (ServerFixture, Int64) {
        let target = ServerConfiguration.DeliveryTarget(platform: platform, tries: tries, backoffSeconds: 0.01, timeoutSeconds: timeout)
        let fixture = try ServerFixture(delivery: [message.channel: target], secrets: secrets(), clock: clock)
        let id = try fixture.workflow.intake.accept([message])[0].itemID
        try fixture.workflow.intake.matchPending()
        try fixture.workflow.review.confirm(id, snippetID: "personalausweis", by: try fixture.workflow.person(named: "anna"))
        return (fixture, id)
    }

    static func base(_ client: any TestClientProtocol) -> URL { URL(string: "http://127.0.0.1:\(client.port!)")! }

    static func mastodonMessage(visibility: String = "public") -> IncomingMessage {
        IncomingMessage(
            externalID: "status.created:1099", channel: "mastodon", author: "erika@social.example", text: "Mein Personalausweis ist abgelaufen",
            isPublic: visibility == "public", replyTo: "1099", source: .mastodon, context: ["visibility": visibility])
    }

    // MARK: Mastodon

    @Test("Mastodon: threaded, mentioning the citizen, visibility mirrored, Bearer token and Idempotency-Key; the post's id and link are kept")
    func mastodonThreadedReply() async throws {
        let standIn = PlatformStandIn { _, earlier in
            .json(200, ["id": "2000\(earlier.count)", "url": "https://social.example/@stadt/2000\(earlier.count)"])
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.mastodonMessage(visibility: "direct"), platform: .mastodon(baseURL: Self.base(client)))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            let request = try #require(standIn.seen.first)
            #expect(standIn.seen.count == 1)
            #expect(request.method == "POST" && request.path == "/api/v1/statuses")
            #expect(request.header("Authorization") == "Bearer mastodon-token-geheim")
            #expect(request.header("Idempotency-Key") == "baustein-\(id)")
            #expect(request.form["in_reply_to_id"] == "1099")
            #expect(request.form["visibility"] == "direct")
            #expect(request.form["status"] == "@erika@social.example " + Self.reply)
            let detail = try fixture.workflow.queue.item(id)
            #expect(detail.entry.state == .sent)
            #expect(detail.postID == "20000")
            #expect(detail.postURL == "https://social.example/@stadt/20000")
            #expect(try fixture.workflow.auditLog.verify().isIntact)
        }
    }

    @Test("Mastodon: 429 waits until the rate limit resets, 5xx is retried, and the reply is posted once")
    func mastodonRateLimit() async throws {
        let standIn = PlatformStandIn { _, earlier in
            switch earlier.count {
            case 0:
                let reset = Timestamp.precise(Date().addingTimeInterval(0.3))
                return .json(429, ["error": "Too many requests"], headers: ["X-RateLimit-Reset": reset])
            case 1: return .json(503, ["error": "unavailable"])
            default: return .json(200, ["id": "2001", "url": "https://social.example/@stadt/2001"])
            }
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.mastodonMessage(), platform: .mastodon(baseURL: Self.base(client)), tries: 5)
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
            #expect(standIn.seen.count == 3)
            #expect(Set(standIn.seen.map { $0.header("Idempotency-Key") }) == ["baustein-\(id)"])
            let errors = try fixture.workflow.auditLog.entries(itemID: id).filter { $0.action == .deliveryAttempt }.map(\.note)
            #expect(errors.count == 2)
            #expect(errors.first??.contains("HTTP 429") == true)
        }
    }

    @Test("Mastodon: a revoked token (401) fails at once with a reason that names the variable to renew")
    func mastodonRevokedToken() async throws {
        let standIn = PlatformStandIn { _, _ in .json(401, ["error": "The access token was revoked"]) }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.mastodonMessage(), platform: .mastodon(baseURL: Self.base(client)), tries: 5)
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.itemID == id)
            #expect(standIn.seen.count == 1)
            #expect(entry.lastError?.contains("BAUSTEIN_MASTODON_TOKEN") == true)
            #expect(entry.lastError?.contains("mastodon-token-geheim") == false)
        }
    }

    @Test("Mastodon: after a crash mid-attempt the reply is sent again with the same key, and the instance posts it once")
    func mastodonInDoubtRepeatsWithSameKey() async throws {
        // As Mastodon does: a repeated Idempotency-Key returns the status created first instead of posting again.
        let posts = LockedBox<[String: String]>([:])
        let standIn = PlatformStandIn { request, _ in
            let key = request.header("Idempotency-Key") ?? UUID().uuidString
            let id = posts.mutate { posts in
                if let id = posts[key] { return id }
                posts[key] = "30\(posts.count)"
                return posts[key]!
            }
            return .json(200, ["id": id, "url": "https://social.example/@stadt/\(id)"])
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.mastodonMessage(), platform: .mastodon(baseURL: Self.base(client)))
            // A first server took the reply, posted it, and was killed before it recorded the answer.
            let dead = try Self.startAttemptAndDie(fixture, id)
            #expect(dead.inDoubt == false)
            _ = try await client.execute(
                uri: "/api/v1/statuses", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: "baustein-\(id)"],
                body: ByteBuffer(string: "status=first"))
            #expect(posts.value.count == 1)
            try await Task.sleep(for: .milliseconds(250))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
            #expect(posts.value.count == 1)
            #expect(try fixture.workflow.queue.item(id).postID == "300")
        }
    }

    /// Leases the reply to a server that starts an attempt and then dies: its lease runs out after 0.2 s.
    static func startAttemptAndDie(_ fixture: ServerFixture, _ id: Int64) throws -> OutboxEntry {
        let taken = try fixture.workflow.outbox.takeDeliveries(
            channels: ["mastodon", "telegram", "facebook", "instagram", "email"], holder: "dead", leaseSeconds: 0.2)
        let entry = try #require(taken.first { $0.itemID == id })
        try fixture.workflow.outbox.startDeliveryAttempt(id, holder: "dead")
        return entry
    }

    // MARK: Telegram

    static func telegramMessage() -> IncomingMessage {
        IncomingMessage(
            externalID: "update:5001", channel: "telegram", author: "Erika", text: "Mein Personalausweis ist abgelaufen", replyTo: "4242/77",
            source: .telegram)
    }

    @Test("Telegram: sendMessage to the chat as a reply to the message; 429 waits retry_after; the message id is kept")
    func telegramReply() async throws {
        let standIn = PlatformStandIn { _, earlier in
            earlier.isEmpty
                ? .json(429, ["ok": false, "error_code": 429, "description": "Too Many Requests: retry after 0", "parameters": ["retry_after": 0]])
                : .json(200, ["ok": true, "result": ["message_id": 78, "chat": ["id": 4242]]])
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.telegramMessage(), platform: .telegram(baseURL: Self.base(client)))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
            #expect(try fixture.workflow.queue.item(id).postID == "78")
            #expect(standIn.seen.count == 2)
            let request = try #require(standIn.seen.last)
            #expect(request.path == "/bot123456:telegram-bot-geheim/sendMessage")
            #expect((request.json["chat_id"] as? NSNumber)?.int64Value == 4242)
            #expect(request.json["text"] as? String == Self.reply)
            #expect(((request.json["reply_parameters"] as? [String: Any])?["message_id"] as? NSNumber)?.intValue == 77)
        }
    }
}
