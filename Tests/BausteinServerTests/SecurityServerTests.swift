import BausteinCore
import BausteinServer
import BausteinTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The server's side of trust and data protection: the outbox per role, retention on a schedule, and delivery that
/// never follows a redirect with a signed reply.
@Suite("Server security")
struct SecurityServerTests {
    @Test("GET /api/outbox: press office and admin see every reply, a department its own, staff none (403)")
    func outboxPerRole() async throws {
        let fixture = try ServerFixture()
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "m1", channel: "web", text: "Mein Personalausweis ist abgelaufen", replyTo: "erika@example.org"),
            IncomingMessage(externalID: "m2", channel: "web", text: "Wer räumt den Waldweg?", replyTo: "otto@example.org"),
        ])
        try fixture.workflow.intake.matchPending()
        let (plain, forwarded) = (receipts[0].itemID, receipts[1].itemID)
        try fixture.workflow.review.confirm(plain, snippetID: "personalausweis", by: try fixture.workflow.person(named: "anna"))
        try fixture.workflow.review.forward(forwarded, to: "ordnungsamt", note: "?", by: try fixture.workflow.person(named: "anna"))
        try fixture.workflow.review.draft(forwarded, text: "Das Ordnungsamt räumt ihn bis Freitag.", by: try fixture.workflow.person(named: "olaf"))
        try fixture.workflow.review.approve(forwarded, by: try fixture.workflow.person(named: "petra"))
        try await fixture.test { client in
            for (person, expected) in [("petra", [plain, forwarded]), ("admin", [plain, forwarded]), ("olaf", [forwarded])] {
                try await client.execute(uri: "/api/outbox", method: .get, headers: ServerFixture.bearer(person)) { response in
                    #expect(response.status == .ok)
                    #expect(response.body.jsonArray.compactMap { ($0["id"] as? NSNumber)?.int64Value } == expected, "\(person)")
                }
            }
            try await client.execute(uri: "/api/outbox", method: .get, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("erika@example.org"))
            }
        }
    }

    @Test("retention runs on the server's schedule: old closed messages are purged, audited by 'retention'")
    func scheduledRetention() async throws {
        let clock = ManualClock()
        let fixture = try ServerFixture(clock: clock.wallClock)
        let id = try fixture.workflow.intake.accept([IncomingMessage(externalID: "m1", channel: "web", author: "Erika", text: "Wann ist Sperrmüll?")])[0].itemID
        try fixture.workflow.review.dismiss(id, reason: "erledigt", by: try fixture.workflow.person(named: "anna"))
        await fixture.server.purgeNow()
        #expect(try fixture.workflow.queue.item(id).entry.author == "Erika")
        #expect(try fixture.workflow.retention.lastRun()?.items == 0)
        clock.advance(days: 91)
        await fixture.server.purgeNow()
        #expect(try fixture.workflow.queue.item(id).entry.author == nil)
        let row = try #require(try fixture.workflow.auditLog.entries().last)
        #expect(row.action == .purge && row.actor == "retention")
        #expect(try fixture.workflow.retention.lastRun()?.items == 1)
    }

    @Test("attack: a delivery receiver that redirects does not get the signed reply sent on to another address")
    func redirectNotFollowed() async throws {
        let hits = LockedBox<[String]>([])
        let router = Router()
        router.post("deliver") { _, _ -> Response in
            hits.mutate { $0.append("deliver") }
            return Response(status: .temporaryRedirect, headers: [.location: "/elsewhere"])
        }
        router.post("elsewhere") { _, _ -> Response in
            hits.mutate { $0.append("elsewhere") }
            return Response(status: .ok)
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { client in
            let (fixture, id) = try DeliveryTests.approvedItem(port: client.port!, tries: 1)
            try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .failed)
            #expect(hits.value == ["deliver"])
            #expect(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first?.lastError?.contains("HTTP 307") == true)
        }
    }
}
