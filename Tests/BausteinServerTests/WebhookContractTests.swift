import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What each platform's payloads become, and how malformed, oversized or non-JSON requests are answered.
@Suite("Webhook contracts")
struct WebhookContractTests {
    static func signed(_ header: String, _ secret: String, _ body: [UInt8]) -> HTTPFields {
        [.contentType: "application/json", HTTPField.Name(header)!: "sha256=" + Hashing.hmacHex(key: Array(secret.utf8), message: body)]
    }

    static func post(_ fixture: ServerFixture, _ path: String, _ body: [UInt8], _ headers: HTTPFields) async throws -> (HTTPResponse.Status, [String: Any]) {
        try await fixture.test { client in
            try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { ($0.status, $0.body.json) }
        }
    }

    @Test("Mastodon: status.created becomes a public message with plain text; other events are acknowledged and ignored")
    func mastodon() async throws {
        let fixture = try ServerFixture()
        let status = try ServerFixture.fixture("mastodon-status-created.json")
        let (code, answer) = try await Self.post(fixture, "/webhooks/mastodon", status, Self.signed("X-Hub-Signature", "mastodon-geheim", status))
        #expect(code == .ok)
        let item = try fixture.workflow.queue.item(Int64(((answer["items"] as? [[String: Any]])?.first?["id"] as? Int) ?? 0))
        #expect(item.entry.text == "@stadt Wann wird der Sperrmüll abgeholt?\nDanke & Gruß")
        #expect(item.externalID == "status.created:113450000000000001")
        #expect(item.isPublic)
        #expect(item.entry.author == "erika@social.example")
        let report = try ServerFixture.fixture("mastodon-report-created.json")
        let (reportCode, reportAnswer) = try await Self.post(
            fixture, "/webhooks/mastodon", report, Self.signed("X-Hub-Signature", "mastodon-geheim", report))
        #expect(reportCode == .ok)
        #expect(reportAnswer["ignored"] as? Int == 1)
        #expect(try fixture.storedCount() == 1)
    }

    @Test("Meta: Messenger texts are stored, echoes, reads and deliveries ignored; Instagram comments are public")
    func meta() async throws {
        let fixture = try ServerFixture()
        let batch = try ServerFixture.fixture("meta-messenger-batch.json")
        let (code, answer) = try await Self.post(fixture, "/webhooks/meta", batch, Self.signed("X-Hub-Signature-256", "meta-geheim", batch))
        #expect(code == .ok)
        #expect(answer["accepted"] as? Int == 2)
        #expect(answer["ignored"] as? Int == 3)
        let comments = try ServerFixture.fixture("meta-instagram-comments.json")
        let (commentCode, _) = try await Self.post(
            fixture, "/webhooks/meta", comments, Self.signed("X-Hub-Signature-256", "meta-geheim", comments))
        #expect(commentCode == .ok)
        let entries = try fixture.workflow.queue.entries(states: [.open])
        #expect(entries.map(\.channel).sorted() == ["facebook", "facebook", "instagram"])
        let comment = try #require(entries.first { $0.channel == "instagram" })
        #expect(try fixture.workflow.queue.item(comment.id).isPublic)
        #expect(try fixture.workflow.queue.item(comment.id).replyTo == "17865799348089039")
    }

    @Test("Meta: a notification with one bad entry stores nothing and names the field")
    func metaAllOrNothing() async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture("meta-messenger-batch-broken.json")
        let (code, answer) = try await Self.post(fixture, "/webhooks/meta", body, Self.signed("X-Hub-Signature-256", "meta-geheim", body))
        #expect(code == .badRequest)
        #expect((answer["error"] as? [String: Any])?["field"] as? String == "entry[1].messaging[0].message.mid")
        #expect(try fixture.storedCount() == 0)
    }

    @Test("Meta: the subscription check answers the challenge only for the right verify token")
    func metaVerification() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(
                uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=verify-musterstadt&hub.challenge=1158201444", method: .get
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "1158201444")
            }
            try await client.execute(uri: "/webhooks/meta?hub.mode=subscribe&hub.verify_token=falsch&hub.challenge=1", method: .get) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("Telegram: message and channel_post text are stored, a sticker is ignored")
    func telegram() async throws {
        let fixture = try ServerFixture()
        let headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!: "telegram-geheim"]
        for name in ["telegram-message.json", "telegram-channel-post.json", "telegram-sticker.json"] {
            let (code, _) = try await Self.post(fixture, "/webhooks/telegram", try ServerFixture.fixture(name), headers)
            #expect(code == .ok)
        }
        let entries = try fixture.workflow.queue.entries(states: [.open])
        #expect(entries.count == 2)
        let post = try #require(entries.first { $0.text.hasPrefix("Frage aus dem Kanal") })
        let detail = try fixture.workflow.queue.item(post.id)
        #expect(detail.externalID == "912345002")
        #expect(detail.replyTo == "-1001234567890/77")
        #expect(detail.isPublic)
    }

    @Test("generic: a bad message is a 400 that names the field, and nothing of the batch is stored")
    func genericFieldErrors() async throws {
        let fixture = try ServerFixture()
        let cases: [(String, String?)] = [
            (#"{"id":"1","channel":"web"}"#, "text"),
            (#"{"id":"1","channel":"brieftaube","text":"Hallo"}"#, "channel"),
            (#"{"id":"1","channel":"web","text":"Hallo","received_at":"gestern"}"#, "received_at"),
            (#"[{"id":"1","channel":"web","text":"gut"},{"id":"2","channel":"web","text":7}]"#, "[1].text"),
            (#"{"id":"1","channel":"web","text":"   "}"#, "text"),
            (#"{"id":"1","channel":"web","text":"#, nil),
            (#"42"#, nil),
            (#"[]"#, nil),
            (#"[{"id":"1","channel":"web","text":"gut"},null]"#, "[1]"),
            (#"[{"id":"1","channel":"web","text":"gut","public":1}]"#, "[0].public"),
        ]
        for (json, field) in cases {
            let body = Array(json.utf8)
            let (code, answer) = try await Self.post(fixture, "/webhooks/generic", body, Self.signed("X-Baustein-Signature", "generic-geheim", body))
            #expect(code == .badRequest, "\(json)")
            let error = answer["error"] as? [String: Any]
            #expect(error?["field"] as? String == field, "\(json)")
            #expect((error?["message"] as? String)?.isEmpty == false)
        }
        #expect(try fixture.storedCount() == 0)
    }

    @Test("a body above the limit is 413, a non-JSON body 415, and neither is stored")
    func limits() async throws {
        let fixture = try ServerFixture(bodyLimit: 1024)
        let text = String(repeating: "a", count: 2000)
        let big = Array(#"{"id":"big","channel":"web","text":"\#(text)"}"#.utf8)
        let (bigCode, bigAnswer) = try await Self.post(fixture, "/webhooks/generic", big, Self.signed("X-Baustein-Signature", "generic-geheim", big))
        #expect(bigCode == .contentTooLarge)
        #expect((bigAnswer["error"] as? [String: Any])?["code"] as? String == "body_too_large")
        let form = Array("channel=web&text=Hallo".utf8)
        var headers = Self.signed("X-Baustein-Signature", "generic-geheim", form)
        headers[.contentType] = "application/x-www-form-urlencoded"
        let (formCode, _) = try await Self.post(fixture, "/webhooks/generic", form, headers)
        #expect(formCode == .unsupportedMediaType)
        #expect(try fixture.storedCount() == 0)
    }

    @Test("an intake token authenticates the generic webhook; a person's API token does not (attack: a stolen staff token as a source)")
    func genericBearer() async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture("generic-message.json")
        let (personCode, personAnswer) = try await Self.post(fixture, "/webhooks/generic", body, ServerFixture.bearer("anna"))
        #expect(personCode == .forbidden)
        #expect((personAnswer["error"] as? [String: Any])?["code"] as? String == "token_not_for_intake")
        #expect(try fixture.storedCount() == 0)
        let (code, _) = try await Self.post(fixture, "/webhooks/generic", body, ServerFixture.intakeBearer)
        #expect(code == .ok)
        var wrong = ServerFixture.intakeBearer
        wrong[.authorization] = "Bearer bsi_geraten"
        let (wrongCode, _) = try await Self.post(fixture, "/webhooks/generic", body, wrong)
        #expect(wrongCode == .unauthorized)
        #expect(try fixture.storedCount() == 1)
    }

    @Test("an intake token cannot read or act on the queue")
    func intakeTokenIsNoPerson() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/queue", method: .get, headers: ServerFixture.intakeBearer) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/outbox", method: .get, headers: ServerFixture.intakeBearer) { #expect($0.status == .unauthorized) }
        }
    }

    @Test(
        "attack: the generic webhook cannot speak as a platform, nor pre-claim a platform's message ids",
        arguments: ["facebook", "instagram", "mastodon", "telegram"])
    func genericCannotSpoofPlatforms(_ channel: String) async throws {
        let fixture = try ServerFixture()
        let body = Array(#"{"id": "4711", "channel": "\#(channel)", "text": "Überweisen Sie 50 € an DE00…", "reply_to": "123/456"}"#.utf8)
        let (code, answer) = try await Self.post(fixture, "/webhooks/generic", body, ServerFixture.intakeBearer)
        #expect(code == .forbidden)
        let error = answer["error"] as? [String: Any]
        #expect(error?["code"] as? String == "channel_reserved" && error?["field"] as? String == "channel")
        #expect(try fixture.storedCount() == 0)
    }

    @Test("message ids are per intake path: the same id from the generic webhook and from Telegram are two messages")
    func idempotencyPerPath() throws {
        let fixture = try ServerFixture()
        let generic = try fixture.workflow.intake.accept([IncomingMessage(externalID: "77", channel: "web", text: "Frage A", source: .generic)])
        let cli = try fixture.workflow.intake.accept([IncomingMessage(externalID: "77", channel: "web", text: "Frage B", source: .cli)])
        let again = try fixture.workflow.intake.accept([IncomingMessage(externalID: "77", channel: "web", text: "Frage A", source: .generic)])
        #expect(!generic[0].duplicate && !cli[0].duplicate && again[0].duplicate)
        #expect(again[0].itemID == generic[0].itemID && cli[0].itemID != generic[0].itemID)
    }
}
