import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

extension PlatformDeliveryTests {
    @Test("Telegram: a bot the citizen blocked (403) fails with a reason staff can act on")
    func telegramBlocked() async throws {
        let standIn = PlatformStandIn { _, _ in
            .json(403, ["ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"])
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.telegramMessage(), platform: .telegram(baseURL: Self.base(client)))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.itemID == id)
            #expect(entry.lastError?.contains("blockiert") == true)
            #expect(entry.lastError?.contains("telegram-bot-geheim") == false)
        }
    }

    @Test("Telegram: after a crash mid-attempt the reply is not posted again but handed to staff as 'Zustellung unklar'")
    func telegramInDoubtGoesToStaff() async throws {
        let standIn = PlatformStandIn { _, _ in .json(200, ["ok": true, "result": ["message_id": 78]]) }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.telegramMessage(), platform: .telegram(baseURL: Self.base(client)))
            _ = try Self.startAttemptAndDie(fixture, id)
            try await Task.sleep(for: .milliseconds(250))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.itemID == id)
            #expect(entry.lastError?.hasPrefix("Zustellung unklar") == true)
            #expect(standIn.seen.isEmpty)
        }
    }

    @Test("Telegram: no answer in time after the request went out is 'Zustellung unklar' for staff, never a second post")
    func telegramTimeoutGoesToStaff() async throws {
        let standIn = PlatformStandIn { _, _ in
            var answer = PlatformStandIn.Answer.json(200, ["ok": true, "result": ["message_id": 78]])
            answer.delay = .seconds(3)
            return answer
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.telegramMessage(), platform: .telegram(baseURL: Self.base(client)), timeout: 1)
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.itemID == id)
            #expect(entry.lastError?.hasPrefix("Zustellung unklar: Telegram: keine Antwort") == true, "\(entry.lastError ?? "")")
            // A second attempt (backoff 10 ms) would have arrived by now.
            try await Task.sleep(for: .seconds(1))
            #expect(standIn.seen.count == 1)
        }
    }

    // MARK: Facebook and Instagram

    static func metaMessage(channel: String = "facebook", kind: String, age: TimeInterval = 60) -> IncomingMessage {
        var message = IncomingMessage(
            externalID: "mid.\(kind)", channel: channel, author: "Erika Muster", text: "Mein Personalausweis ist abgelaufen",
            isPublic: kind == "comment", replyTo: kind == "comment" ? "1234_5678" : "PSID-991", source: .meta, context: ["kind": kind])
        message.receivedAt = Date().addingTimeInterval(-age)
        return message
    }

    @Test("Facebook: a private message within 24 hours goes through the Send API as RESPONSE; a comment gets a comment reply")
    func metaMessageAndComment() async throws {
        let standIn = PlatformStandIn { request, _ in
            request.path.hasSuffix("/me/messages")
                ? .json(200, ["recipient_id": "PSID-991", "message_id": "m_abc"]) : .json(200, ["id": "1234_9999"])
        }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.metaMessage(kind: "message"), platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).postID == "m_abc")
            let message = try #require(standIn.seen.first)
            #expect(message.path == "/me/messages")
            #expect(message.header("Authorization") == "Bearer meta-page-geheim")
            #expect(message.json["messaging_type"] as? String == "RESPONSE")
            #expect((message.json["recipient"] as? [String: Any])?["id"] as? String == "PSID-991")
            #expect((message.json["message"] as? [String: Any])?["text"] as? String == Self.reply)
        }
        let comments = PlatformStandIn { _, _ in .json(200, ["id": "1234_9999"]) }
        try await comments.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.metaMessage(kind: "comment"), platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).postID == "1234_9999")
            #expect(comments.seen.first?.path == "/1234_5678/comments")
            #expect(comments.seen.first?.form["message"] == Self.reply)
        }
        let instagram = PlatformStandIn { _, _ in .json(200, ["id": "17890"]) }
        try await instagram.application().test(.live) { client in
            let (fixture, id) = try Self.approved(
                Self.metaMessage(channel: "instagram", kind: "comment"), platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
            #expect(instagram.seen.first?.path == "/1234_5678/replies")
        }
    }

    @Test("Facebook: outside the 24-hour window nothing is sent and staff read 'nicht mehr zustellbar'; HUMAN_AGENT stretches it to 7 days")
    func metaWindow() async throws {
        let standIn = PlatformStandIn { _, _ in .json(200, ["recipient_id": "PSID-991", "message_id": "m_late"]) }
        try await standIn.application().test(.live) { client in
            let old = Self.metaMessage(kind: "message", age: 30 * 3600)
            let (closed, closedID) = try Self.approved(old, platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(closed, closedID, until: [.sent, .failed])
            let entry = try #require(try closed.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.lastError?.contains("nicht mehr zustellbar, bitte anders antworten") == true)
            #expect(standIn.seen.isEmpty)

            let (tagged, taggedID) = try Self.approved(old, platform: .meta(baseURL: Self.base(client), humanAgent: true))
            try await DeliveryTests.deliver(tagged, taggedID, until: [.sent, .failed])
            #expect(try tagged.workflow.queue.item(taggedID).entry.state == .sent)
            #expect(standIn.seen.first?.json["messaging_type"] as? String == "MESSAGE_TAG")
            #expect(standIn.seen.first?.json["tag"] as? String == "HUMAN_AGENT")
        }
    }

    @Test("Facebook: Meta's own window error (code 10, subcode 2018278) and an expired page token end as failed with a German reason")
    func metaErrors() async throws {
        let window = PlatformStandIn { _, _ in
            .json(
                400,
                [
                    "error": [
                        "message": "(#10) This message is sent outside of allowed window.", "type": "OAuthException", "code": 10,
                        "error_subcode": 2_018_278,
                    ]
                ])
        }
        try await window.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.metaMessage(kind: "message"), platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first?.lastError?.contains("nicht mehr zustellbar") == true)
            #expect(window.seen.count == 1)
        }
        let expired = PlatformStandIn { _, _ in
            .json(400, ["error": ["message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190]])
        }
        try await expired.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.metaMessage(kind: "comment"), platform: .meta(baseURL: Self.base(client), humanAgent: false))
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first?.lastError?.contains("BAUSTEIN_META_PAGE_TOKEN") == true)
        }
    }

    // MARK: Set-up and dry run

    @Test("a platform without its token refuses to start and names the variable")
    func missingToken() throws {
        let target = ServerConfiguration.DeliveryTarget(platform: .mastodon(baseURL: URL(string: "https://social.example")!))
        do {
            _ = try ServerFixture(delivery: ["mastodon": target])
            Issue.record("started without BAUSTEIN_MASTODON_TOKEN")
        } catch let error as ServerSetupError {
            #expect(error == .secretMissing(channel: "mastodon", variable: "BAUSTEIN_MASTODON_TOKEN"))
            #expect(error.description.contains("BAUSTEIN_MASTODON_TOKEN_FILE"))
        }
    }

    @Test("the dry run says what would be posted where, and posts nothing")
    func dryRun() async throws {
        let standIn = PlatformStandIn { _, _ in .json(200, ["id": "1"]) }
        try await standIn.application().test(.live) { client in
            let (fixture, id) = try Self.approved(Self.mastodonMessage(visibility: "unlisted"), platform: .mastodon(baseURL: Self.base(client)))
            let plans = try fixture.server.deliveryPlans()
            let plan = try #require(plans.first)
            #expect(plans.count == 1 && plan.itemID == id)
            #expect(plan.endpoint == "POST \(Self.base(client).absoluteString)/api/v1/statuses")
            #expect(plan.target.contains("sichtbar: unlisted"))
            #expect(plan.text == "@erika@social.example " + Self.reply)
            #expect(plan.problem == nil)
            #expect(!plan.text.contains("mastodon-token-geheim") && !plan.endpoint.contains("mastodon-token-geheim"))
            #expect(standIn.seen.isEmpty)
            #expect(try fixture.workflow.queue.item(id).entry.state == .approved)
        }
    }
}
