import BausteinCore
import BausteinServer
import Foundation
import HummingbirdTesting
import Testing

/// Polling intake against stand-ins that answer as Mastodon's notifications API and Telegram's getUpdates do: cursors
/// stored in the database, paging, nothing lost or stored twice across restarts.
@Suite("Polling intake")
struct PollingTests {
    /// One notification as the instance stores it: its id, its type and its JSON.
    struct Note: Sendable {
        var id: Int
        var type: String
        var json: String
    }

    static func encode(_ object: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    /// A Mastodon instance's `GET /api/v1/notifications` over `notes` (ids ascending): newest first, `limit`, `since_id`,
    /// `max_id`, `types[]`, and a `Link` header whose `next` page continues below the page's oldest id.
    static func mastodon(_ notes: LockedBox<[Note]>, failing: LockedBox<Int>? = nil) -> PlatformStandIn {
        PlatformStandIn { request, _ in
            if let failing, failing.mutate({ count in defer { count -= 1 }; return count > 0 }) {
                return .json(429, ["error": "Too many requests"], headers: ["X-RateLimit-Reset": Timestamp.precise(Date().addingTimeInterval(90))])
            }
            guard request.header("Authorization") == "Bearer mastodon-token-geheim" else { return .json(401, ["error": "The access token is invalid"]) }
            let limit = request.query["limit"]?.first.flatMap(Int.init) ?? 20
            let since = request.query["since_id"]?.first.flatMap(Int.init) ?? 0
            let max = request.query["max_id"]?.first.flatMap(Int.init) ?? Int.max
            let types = Set(request.query["types[]"] ?? [])
            let page = Array(
                notes.value.reversed().filter { $0.id > since && $0.id < max && (types.isEmpty || types.contains($0.type)) }.prefix(limit))
            var headers = ["Content-Type": "application/json"]
            if let oldest = page.last, let newest = page.first {
                headers["Link"] = "<http://\(request.header("Host") ?? "127.0.0.1")/api/v1/notifications?limit=\(limit)&max_id=\(oldest.id)&since_id=\(since)"
                    + "&types[]=mention>; rel=\"next\", <http://127.0.0.1/api/v1/notifications?min_id=\(newest.id)>; rel=\"prev\""
            }
            return PlatformStandIn.Answer(status: 200, headers: headers, body: "[" + page.map(\.json).joined(separator: ",") + "]")
        }
    }

    static func mention(_ id: Int, visibility: String = "public") -> Note {
        let object: [String: Any] = [
            "id": "\(id)", "type": "mention", "created_at": "2026-12-06T10:00:00.000Z",
            "account": ["id": "77", "acct": "erika@social.example"],
            "status": [
                "id": "\(110_000 + id)", "created_at": "2026-12-06T10:00:00.000Z", "visibility": visibility,
                "content": "<p><span class=\"h-card\"><a href=\"https://stadt.social/@stadt\" class=\"u-url mention\">@<span>stadt</span></a></span> Frage Nummer \(id) zum Personalausweis</p>",
                "account": ["id": "77", "acct": "erika@social.example"],
            ],
        ]
        return Note(id: id, type: "mention", json: encode(object))
    }

    static func fixture(mastodon: URL? = nil, telegram: URL? = nil) throws -> ServerFixture {
        var polling = ServerConfiguration.Polling()
        polling.mastodon = mastodon
        polling.telegram = telegram
        return try ServerFixture(secrets: PlatformDeliveryTests.secrets(), clock: .system, polling: polling)
    }

    static func report(_ results: [Result<PollReport, PollError>]) throws -> PollReport {
        #expect(results.count == 1)
        return try results[0].get()
    }

    @Test("Mastodon: the first poll takes the newest page, later polls page back to the stored since_id; nothing twice")
    func mastodonCursorAndPaging() async throws {
        let notifications = LockedBox<[Note]>((1...5).map { Self.mention($0) })
        notifications.mutate { $0.append(Note(id: 6, type: "favourite", json: Self.encode(["id": "6", "type": "favourite", "account": ["acct": "fan@x.example"]]))) }
        let standIn = Self.mastodon(notifications)
        try await standIn.application().test(.live) { client in
            let base = URL(string: "http://127.0.0.1:\(client.port!)")!
            let fixture = try Self.fixture(mastodon: base)
            let first = try Self.report(await fixture.server.pollNow())
            #expect(first.stored == 5)
            #expect(try fixture.workflow.intake.pollCursor("mastodon") == "5")
            #expect(standIn.seen.first?.query["types[]"] == ["mention"])

            // 45 new mentions arrive (more than a page), with a direct message among them.
            notifications.mutate { list in list += (7...51).map { Self.mention($0, visibility: $0 == 30 ? "direct" : "public") } }
            let second = try Self.report(await fixture.server.pollNow())
            #expect(second.stored == 45)
            #expect(second.duplicates == 0)
            #expect(try fixture.workflow.intake.pollCursor("mastodon") == "51")
            #expect(standIn.seen.suffix(2).allSatisfy { $0.query["since_id"] == ["5"] })
            #expect(standIn.seen.last?.query["max_id"] != nil)
            #expect(try fixture.storedCount() == 50)

            // A restarted server (the same database) asks from the stored cursor and stores nothing again.
            let restarted = try ServerApplication(
                workflow: fixture.workflow, secrets: PlatformDeliveryTests.secrets(), port: 0, logger: .init(label: "quiet"))
            let third = try Self.report(await restarted.pollNow())
            #expect(third.stored == 0)
            #expect(standIn.seen.last?.query["since_id"] == ["51"])
            #expect(try fixture.storedCount() == 50)

            let direct = try #require(
                try fixture.workflow.queue.entries(states: [.open], limit: 100).first { $0.text.contains("Nummer 30 ") })
            let detail = try fixture.workflow.queue.item(direct.id)
            #expect(detail.isPublic == false)
            #expect(detail.replyTo == "110030")
            #expect(detail.entry.author == "erika@social.example")
            #expect(detail.entry.text.hasPrefix("@stadt Frage Nummer 30"))
        }
    }

    @Test("Mastodon: a refused poll (429, revoked token) stores nothing, keeps the cursor and says what to do")
    func mastodonRefused() async throws {
        let notifications = LockedBox<[Note]>((1...3).map { Self.mention($0) })
        let failing = LockedBox(1)
        let standIn = Self.mastodon(notifications, failing: failing)
        try await standIn.application().test(.live) { client in
            let fixture = try Self.fixture(mastodon: URL(string: "http://127.0.0.1:\(client.port!)")!)
            let results = await fixture.server.pollNow()
            guard case .failure(let error) = results.first else { Issue.record("a 429 was taken as success"); return }
            #expect(error.reason.contains("HTTP 429"))
            #expect((error.retryAfter ?? 0) > 60)
            #expect(try fixture.workflow.intake.pollCursor("mastodon") == nil)
            #expect(try fixture.storedCount() == 0)
            #expect(try Self.report(await fixture.server.pollNow()).stored == 3)
        }
        let revoked = PlatformStandIn { _, _ in .json(401, ["error": "The access token was revoked"]) }
        try await revoked.application().test(.live) { client in
            let fixture = try Self.fixture(mastodon: URL(string: "http://127.0.0.1:\(client.port!)")!)
            guard case .failure(let error) = await fixture.server.pollNow().first else { Issue.record("a 401 was taken as success"); return }
            #expect(error.reason.contains("BAUSTEIN_MASTODON_TOKEN"))
        }
    }

    /// One update as the Bot API returns it: its id and its JSON.
    struct Update: Sendable {
        var id: Int64
        var json: String
    }

    static func update(_ id: Int64, text: String?) -> Update {
        var message: [String: Any] = [
            "message_id": id * 10, "date": 1_765_000_000, "chat": ["id": 4242, "type": "private"], "from": ["id": 4242, "username": "erika"],
        ]
        if let text { message["text"] = text } else { message["sticker"] = ["file_id": "abc"] }
        return Update(id: id, json: encode(["update_id": id, "message": message]))
    }

    @Test("Telegram: getUpdates from the stored offset; a sticker is ignored; a restart neither loses nor repeats updates")
    func telegramOffset() async throws {
        let updates = LockedBox<[Update]>([
            Self.update(900, text: "Wie beantrage ich einen neuen Perso?"), Self.update(901, text: nil),
            Self.update(902, text: "Wann wird der Sperrmüll abgeholt?"),
        ])
        let standIn = PlatformStandIn { request, _ in
            guard request.path == "/bot123456:telegram-bot-geheim/getUpdates" else { return .json(404, ["ok": false, "description": "Not Found"]) }
            let offset = request.query["offset"]?.first.flatMap(Int64.init) ?? 0
            // As Telegram does: asking with an offset confirms every update below it, which is then gone.
            updates.mutate { list in list.removeAll { $0.id < offset } }
            return PlatformStandIn.Answer(
                status: 200, headers: ["Content-Type": "application/json"],
                body: #"{"ok":true,"result":["# + updates.value.map(\.json).joined(separator: ",") + "]}")
        }
        try await standIn.application().test(.live) { client in
            let fixture = try Self.fixture(telegram: URL(string: "http://127.0.0.1:\(client.port!)")!)
            let first = try Self.report(await fixture.server.pollNow())
            #expect(first.stored == 2 && first.ignored == 1)
            #expect(try fixture.workflow.intake.pollCursor("telegram") == "903")
            #expect(standIn.seen.first?.query["offset"] == nil)
            #expect(standIn.seen.first?.query["timeout"] == ["0"])

            updates.mutate { $0.append(Self.update(903, text: "Brauche ich einen Termin?")) }
            let restarted = try ServerApplication(
                workflow: fixture.workflow, secrets: PlatformDeliveryTests.secrets(), port: 0, logger: .init(label: "quiet"))
            let second = try Self.report(await restarted.pollNow())
            #expect(second.stored == 1 && second.duplicates == 0)
            #expect(standIn.seen.last?.query["offset"] == ["903"])
            #expect(try fixture.workflow.intake.pollCursor("telegram") == "904")
            #expect(try fixture.storedCount() == 3)
            let item = try #require(try fixture.workflow.queue.entries(states: [.open], limit: 10).first { $0.text == "Brauche ich einen Termin?" })
            #expect(try fixture.workflow.queue.item(item.id).replyTo == "4242/9030")
        }
    }

    @Test("Telegram: a bot with a webhook set (409) is refused with the way out")
    func telegramWebhookConflict() async throws {
        let standIn = PlatformStandIn { _, _ in
            .json(409, ["ok": false, "error_code": 409, "description": "Conflict: can't use getUpdates method while webhook is active"])
        }
        try await standIn.application().test(.live) { client in
            let fixture = try Self.fixture(telegram: URL(string: "http://127.0.0.1:\(client.port!)")!)
            guard case .failure(let error) = await fixture.server.pollNow().first else { Issue.record("a 409 was taken as success"); return }
            #expect(error.reason.contains("deleteWebhook"))
            #expect(try fixture.workflow.intake.pollCursor("telegram") == nil)
        }
    }
}
