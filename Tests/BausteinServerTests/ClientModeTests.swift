import BausteinClient
import BausteinCore
import BausteinServer
import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Client mode: the review desk of a staff member's own PC against a live `baustein serve` on 127.0.0.1, with the
/// same rules, claims and revisions as on the server's machine.
@Suite("Client mode against a live server")
struct ClientModeTests {
    /// A fixture with two matched open messages (Personalausweis, Sperrmüll) and one forwarded to the Ordnungsamt.
    static func fixture() throws -> (ServerFixture, [Int64]) {
        let fixture = try ServerFixture()
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "m1", channel: "web", author: "erika", text: "Mein Personalausweis ist abgelaufen"),
            IncomingMessage(externalID: "m2", channel: "web", author: "jan", text: "Wann wird der Sperrmüll abgeholt?"),
            IncomingMessage(externalID: "m3", channel: "web", author: "ute", text: "Darf ich auf dem Gehweg parken?"),
        ])
        try fixture.workflow.intake.matchPending()
        let ids = receipts.map(\.itemID)
        let anna = try fixture.workflow.person(named: "anna")
        try fixture.workflow.review.forward(ids[2], to: "ordnungsamt", note: "Bitte Auskunft zum Parken", by: anna)
        return (fixture, ids)
    }

    /// The desk of `name` on the live server at `port`.
    static func desk(_ name: String, port: Int) throws -> RemoteReviewDesk {
        try RemoteReviewDesk(client: client(token: ServerFixture.tokens[name]!, port: port))
    }

    static func client(token: String, port: Int) throws -> APIClient {
        APIClient(login: try ServerLogin(server: "http://127.0.0.1:\(port)", token: token))
    }

    /// Runs the synchronous client off Swift's cooperative threads, which the live server's handlers need.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    @Test("staff work the queue remotely: who am I, next item, claim, preview, confirm, undo, handling time")
    func staffSession() async throws {
        let (fixture, ids) = try Self.fixture()
        try await fixture.server.application().test(.live) { client in
            let port = try #require(client.port)
            try await Self.blocking {
                let desk = try Self.desk("anna", port: port)
                #expect(desk.session.member.name == "anna")
                #expect(desk.session.member.role == .staff)
                #expect(desk.session.departments == ["ordnungsamt"])
                let next = try #require(try desk.nextItem(states: [.open, .returned], skipping: []))
                #expect(next.id == ids[0])
                #expect(try desk.nextItem(states: [.open], skipping: [ids[0]])?.id == ids[1])
                try desk.claim(next.id)
                let detail = try desk.detail(next.id)
                #expect(detail.entry.claimedBy == "anna")
                let snippet = try #require(detail.proposals.first?.suggestion.snippetID)
                let preview = try desk.preview(next.id, snippetID: snippet, values: [:], despiteAbstention: false)
                #expect(preview.text == "Einen neuen Personalausweis beantragen Sie im Bürgerbüro.")
                #expect(preview.needsPress == false)
                let outcome = try desk.act(
                    .confirm(snippetID: snippet, values: [:], despiteAbstention: false), on: next.id, expectedRevision: detail.entry.revision)
                #expect(outcome.to == .approved)
                try desk.recordHandling(next.id, seconds: 4 * 3600)
                let undone = try desk.act(.undo, on: next.id, expectedRevision: nil)
                #expect(undone.to == .open)
                try desk.release(next.id)
                #expect(try desk.entry(next.id).claimedBy == nil)
            }
        }
        // The audit trail names the token's member; the handling time is capped like on the server's own screens.
        let history = try fixture.workflow.queue.item(ids[0]).history
        #expect(history.filter { $0.action == .review(.confirm) }.map(\.actor) == ["anna"])
        #expect(try fixture.workflow.reports.serviceReport(since: .distantPast).handlingMinutesP50 == ReviewService.handlingCap / 60)
    }

    @Test("a colleague's claim, a stale revision and a forbidden action come back as the server's refusals")
    func refusals() async throws {
        let (fixture, ids) = try Self.fixture()
        try await fixture.server.application().test(.live) { client in
            let port = try #require(client.port)
            try await Self.blocking {
                let anna = try Self.desk("anna", port: port)
                let petra = try Self.desk("petra", port: port)
                try anna.claim(ids[0])
                #expect(throws: ServerRefusal.self) { try petra.claim(ids[0]) }
                do {
                    try petra.claim(ids[0])
                } catch let refusal as ServerRefusal {
                    #expect(refusal.code == "claimed")
                    #expect(refusal.status == 409)
                    #expect(refusal.message.contains("anna"))
                }
                // The next free item for petra's staff work skips what anna holds.
                #expect(try petra.nextItem(states: [.open], skipping: [])?.id == ids[1])
                let revision = try anna.entry(ids[0]).revision
                _ = try anna.act(.escalate(note: "Bitte prüfen"), on: ids[0], expectedRevision: revision)
                do {
                    _ = try anna.act(.dismiss(reason: "doppelt", kind: .answered), on: ids[0], expectedRevision: revision)
                    Issue.record("a stale revision was accepted")
                } catch let refusal as ServerRefusal {
                    #expect(refusal.code == "changed_meanwhile" || refusal.code == "state_conflict")
                }
                // Staff may not approve: the role rule of the core, not of the client.
                do {
                    _ = try anna.act(.approve, on: ids[0], expectedRevision: nil)
                    Issue.record("staff approved")
                } catch let refusal as ServerRefusal {
                    #expect(refusal.status == 403)
                }
            }
        }
    }

    @Test("a department member sees and claims only what was forwarded to their department")
    func departmentVisibility() async throws {
        let (fixture, ids) = try Self.fixture()
        try await fixture.server.application().test(.live) { client in
            let port = try #require(client.port)
            try await Self.blocking {
                let olaf = try Self.desk("olaf", port: port)
                #expect(try olaf.nextItem(states: [.forwarded], skipping: [])?.id == ids[2])
                #expect(try olaf.nextItem(states: [.open], skipping: []) == nil)
                for attempt in [{ try olaf.claim(ids[0]) }, { _ = try olaf.detail(ids[0]) }, { try olaf.recordHandling(ids[0], seconds: 5) }] {
                    do {
                        try attempt()
                        Issue.record("another department's item was reachable")
                    } catch let refusal as ServerRefusal {
                        #expect(refusal.status == 403)
                    }
                }
                try olaf.claim(ids[2])
                let outcome = try olaf.act(.draft(text: "Auf dem Gehweg parken ist nicht erlaubt."), on: ids[2], expectedRevision: nil)
                #expect(outcome.to == .drafted)
            }
        }
    }

    @Test("an unknown token, a server that is down and a redirect are errors that say what to do")
    func failures() async throws {
        let (fixture, _) = try Self.fixture()
        try await fixture.server.application().test(.live) { client in
            let port = try #require(client.port)
            try await Self.blocking {
                #expect(throws: ClientError.unauthorized(server: "http://127.0.0.1:\(port)")) {
                    _ = try Self.client(token: "bst_unbekannt", port: port).session()
                }
            }
        }
        // Nothing listens on a port that was just given up.
        let closed = try await Self.closedPort()
        try await Self.blocking {
            do {
                _ = try Self.client(token: "bst_anna", port: closed).session()
                Issue.record("a closed port answered")
            } catch let error as ClientError {
                guard case .unreachable(let server, _) = error else { throw error }
                #expect(server == "http://127.0.0.1:\(closed)")
                #expect(error.description.contains("nicht erreichbar"))
            }
        }
        // A redirect would carry the token to another address: it is reported, never followed.
        let hits = LockedBox(0)
        let router = Router()
        router.get("api/me") { _, _ -> Response in
            Response(status: .found, headers: [.location: "http://127.0.0.1:1/elsewhere"])
        }
        router.get("elsewhere") { _, _ -> Response in
            hits.mutate { $0 += 1 }
            return Response(status: .ok)
        }
        try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { client in
            let port = try #require(client.port)
            try await Self.blocking {
                do {
                    _ = try Self.client(token: "bst_anna", port: port).session()
                    Issue.record("a redirect was followed")
                } catch let error as ClientError {
                    guard case .unexpectedAnswer = error else { throw error }
                }
            }
        }
        #expect(hits.value == 0)
    }

    /// A port on 127.0.0.1 that nothing listens on (a live server's, after it stopped).
    static func closedPort() async throws -> Int {
        try await Application(router: Router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) {
            try #require($0.port)
        }
    }
}
