import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The queue API: bearer tokens per person, roles as on the command line, errors as JSON.
@Suite("Queue API")
struct APITests {
    /// A fixture with one matched open message about the Personalausweis.
    static func fixtureWithItem() throws -> (ServerFixture, Int64) {
        let fixture = try ServerFixture()
        let receipt = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "m1", channel: "web", author: "erika", text: "Mein Personalausweis ist abgelaufen")
        ])
        try fixture.workflow.intake.matchPending()
        return (fixture, receipt[0].itemID)
    }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("without a valid token every API route answers 401 with a JSON error")
    func unauthenticated() async throws {
        let (fixture, id) = try Self.fixtureWithItem()
        try await fixture.test { client in
            for (uri, method) in [("/api/queue", HTTPRequest.Method.get), ("/api/items/\(id)", .get), ("/api/items/\(id)/confirm", .post), ("/api/outbox", .get)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .unauthorized, "\(uri)")
                    #expect((response.body.json["error"] as? [String: Any])?["code"] as? String == "token_missing")
                }
                try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer bst_falsch"]) {
                    #expect($0.status == .unauthorized)
                }
            }
        }
    }

    @Test("an action body above server.body_limit is 413 body_too_large, and nothing changes")
    func actionBodyLimit() async throws {
        let fixture = try ServerFixture(bodyLimit: 1024)
        let receipt = try fixture.workflow.intake.accept([IncomingMessage(externalID: "m1", channel: "web", author: "erika", text: "Hallo")])
        let id = receipt[0].itemID
        let text = String(repeating: "a", count: 2000)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/items/\(id)/edit", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json(#"{"text":"\#(text)"}"#)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect((response.body.json["error"] as? [String: Any])?["code"] as? String == "body_too_large")
            }
        }
        #expect(try fixture.workflow.queue.entry(id).state == .open)
    }

    @Test("staff see the queue and confirm; the reply lands in the outbox")
    func confirmFlow() async throws {
        let (fixture, id) = try Self.fixtureWithItem()
        try await fixture.test { client in
            try await client.execute(uri: "/api/queue", method: .get, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .ok)
                #expect(response.body.jsonArray.map { $0["id"] as? Int } == [Int(id)])
            }
            try await client.execute(uri: "/api/items/\(id)", method: .get, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["proposals"] as? [Any] != nil)
            }
            try await client.execute(
                uri: "/api/items/\(id)/confirm", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json(#"{"snippet":"personalausweis"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["to"] as? String == "approved")
            }
            try await client.execute(uri: "/api/outbox", method: .get, headers: ServerFixture.bearer("admin")) { response in
                #expect(response.body.jsonArray.first?["text"] as? String == "Einen neuen Personalausweis beantragen Sie im Bürgerbüro.")
            }
        }
    }

    @Test("roles are enforced: staff cannot approve, the press office can, and the preparer may not approve their own text")
    func roles() async throws {
        let (fixture, id) = try Self.fixtureWithItem()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/items/\(id)/escalate", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json(#"{"note":"Bitte prüfen"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/items/\(id)/approve", method: .post, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/items/\(id)/rewrite", method: .post, headers: ServerFixture.bearer("petra"),
                body: Self.json(#"{"text":"Bitte kommen Sie ins Bürgerbüro."}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["to"] as? String == "edited")
            }
            // Four eyes: the writer of a rewrite cannot approve it; a colleague can, once.
            try await client.execute(uri: "/api/items/\(id)/approve", method: .post, headers: ServerFixture.bearer("petra")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/items/\(id)/approve", method: .post, headers: ServerFixture.bearer("paul")) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["to"] as? String == "approved")
            }
            try await client.execute(uri: "/api/items/\(id)/approve", method: .post, headers: ServerFixture.bearer("paul")) { response in
                #expect(response.status == .conflict)
                #expect((response.body.json["error"] as? [String: Any])?["code"] as? String == "state_conflict")
            }
        }
    }

    @Test("a missing note is a 400 naming the field; a stale revision is a 409; an unknown item a 404")
    func errors() async throws {
        let (fixture, id) = try Self.fixtureWithItem()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/items/\(id)/dismiss", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json("{}")
            ) { response in
                #expect(response.status == .badRequest)
                #expect((response.body.json["error"] as? [String: Any])?["field"] as? String == "reason")
            }
            try await client.execute(
                uri: "/api/items/\(id)/dismiss", method: .post, headers: ServerFixture.bearer("anna"),
                body: Self.json(#"{"reason":"Spam","revision":41}"#)
            ) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/items/999/dismiss", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json(#"{"reason":"x"}"#)) {
                #expect($0.status == .notFound)
            }
            try await client.execute(
                uri: "/api/items/\(id)/dismiss", method: .post, headers: ServerFixture.bearer("anna"), body: Self.json(#"{"reason": 5}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect((response.body.json["error"] as? [String: Any])?["field"] as? String == "reason")
            }
        }
        #expect(try fixture.workflow.queue.item(id).entry.state == .open)
    }

    @Test("a department member sees only items forwarded to their department")
    func departmentScope() async throws {
        let (fixture, id) = try Self.fixtureWithItem()
        try await fixture.test { client in
            try await client.execute(uri: "/api/items/\(id)", method: .get, headers: ServerFixture.bearer("olaf")) { #expect($0.status == .forbidden) }
            try await client.execute(
                uri: "/api/items/\(id)/forward", method: .post, headers: ServerFixture.bearer("anna"),
                body: Self.json(#"{"department":"ordnungsamt","note":"Zuständig?"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/queue", method: .get, headers: ServerFixture.bearer("olaf")) { response in
                #expect(response.body.jsonArray.count == 1)
            }
            try await client.execute(uri: "/api/items/\(id)", method: .get, headers: ServerFixture.bearer("olaf")) { #expect($0.status == .ok) }
        }
    }

    @Test("confirm follows the abstention rule (422 uncertain_match without despite_abstention); undo takes an action back")
    func abstentionAndUndo() async throws {
        let fixture = try ServerFixture()
        let receipt = try fixture.workflow.intake.accept([IncomingMessage(externalID: "m2", channel: "web", text: "Wer wird eigentlich Fußballweltmeister?")])
        try fixture.workflow.intake.matchPending()
        let id = receipt[0].itemID
        try #require(try fixture.workflow.queue.item(id).entry.abstained)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/items/\(id)/confirm", method: .post, headers: ServerFixture.bearer("anna"),
                body: Self.json(#"{"snippet":"personalausweis"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                #expect((response.body.json["error"] as? [String: Any])?["code"] as? String == "uncertain_match")
            }
            try await client.execute(
                uri: "/api/items/\(id)/confirm", method: .post, headers: ServerFixture.bearer("anna"),
                body: Self.json(#"{"snippet":"personalausweis","despite_abstention":true}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["to"] as? String == "approved")
            }
            try await client.execute(uri: "/api/items/\(id)/undo", method: .post, headers: ServerFixture.bearer("petra")) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/items/\(id)/undo", method: .post, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["to"] as? String == "open")
            }
            try await client.execute(uri: "/api/items/\(id)/undo", method: .post, headers: ServerFixture.bearer("anna")) { response in
                #expect(response.status == .conflict)
            }
        }
    }
}
