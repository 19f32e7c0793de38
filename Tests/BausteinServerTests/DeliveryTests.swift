import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Synchronization

/// A local receiver that fails a number of attempts before it accepts, and checks every signature.
final class DeliveryReceiver: Sendable {
    struct Seen: Sendable {
        var validSignature: Bool
        var deliveryID: String?
        var raw: [UInt8]

        var body: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(raw))) as? [String: Any] ?? [:] }
    }

    private let failures: Int
    private let state = LockedBox<[Seen]>([])

    init(failing failures: Int) {
        self.failures = failures
    }

    var seen: [Seen] { state.value }

    func application() -> some ApplicationProtocol {
        let router = Router()
        router.post("deliver") { request, _ -> Response in
            let body = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let signature = request.headers[HTTPField.Name("X-Baustein-Signature")!] ?? ""
            let valid = Hashing.isValidSignature(hex: Substring(signature.dropFirst(7)), key: Array("delivery-geheim".utf8), message: body)
            let count = self.state.mutate { seen in
                seen.append(Seen(validSignature: valid, deliveryID: request.headers[HTTPField.Name("X-Baustein-Delivery")!], raw: body))
                return seen.count
            }
            return Response(status: count <= self.failures ? .serviceUnavailable : .ok)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}

/// A value behind a lock, for test doubles.
final class LockedBox<Value: Sendable>: Sendable {
    private let stored: Mutex<Value>

    init(_ value: Value) { stored = Mutex(value) }

    var value: Value { stored.withLock { $0 } }

    func mutate<T: Sendable>(_ body: (inout Value) -> T) -> T { stored.withLock { body(&$0) } }
}

@Suite("Delivery")
struct DeliveryTests {
    /// A fixture whose web channel delivers to `port`, with one approved reply.
    static func approvedItem(port: Int, tries: Int) throws -> (ServerFixture, Int64) {
        let target = ServerConfiguration.DeliveryTarget(url: URL(string: "http://127.0.0.1:\(port)/deliver")!, tries: tries, backoffSeconds: 0.01)
        // Retries wait for their time on the workflow's clock: a real one here.
        let fixture = try ServerFixture(delivery: ["web": target], clock: .system)
        let receipt = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "m1", channel: "web", text: "Mein Personalausweis ist abgelaufen", replyTo: "erika@example.org")
        ])
        let id = receipt[0].itemID
        try fixture.workflow.intake.matchPending()
        try fixture.workflow.review.confirm(id, snippetID: "personalausweis", by: try fixture.workflow.person(named: "anna"))
        return (fixture, id)
    }

    static func deliver(_ fixture: ServerFixture, _ id: Int64, until states: Set<ReviewState>) async throws {
        for _ in 0..<200 {
            await fixture.server.deliverNow()
            if states.contains(try fixture.workflow.queue.item(id).entry.state) { return }
            try await Task.sleep(for: .milliseconds(15))
        }
    }

    @Test("a receiver that fails twice gets the reply on the third attempt, signed, and the trail shows every attempt")
    func retriesUntilSent() async throws {
        let receiver = DeliveryReceiver(failing: 2)
        try await receiver.application().test(.live) { client in
            let (fixture, id) = try Self.approvedItem(port: client.port!, tries: 5)
            try await Self.deliver(fixture, id, until: [.sent, .failed])
            #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
            #expect(receiver.seen.count == 3)
            #expect(receiver.seen.allSatisfy { $0.validSignature && $0.deliveryID == "\(id)" })
            #expect(receiver.seen.last?.body["text"] as? String == "Einen neuen Personalausweis beantragen Sie im Bürgerbüro.")
            #expect(receiver.seen.last?.body["reply_to"] as? String == "erika@example.org")
            #expect(receiver.seen.map { $0.body["attempt"] as? Int } == [1, 2, 3])
            let actions = try fixture.workflow.auditLog.entries(itemID: id).map(\.action.rawValue)
            #expect(actions.suffix(4) == ["export", "delivery-attempt", "delivery-attempt", "mark-sent"])
            #expect(try fixture.workflow.outbox.entries(states: [.sent], for: nil).first?.attempts == 3)
            #expect(try fixture.workflow.auditLog.verify().isIntact)
        }
    }

    @Test("a receiver that keeps failing leaves the reply failed after the configured tries, with the reason")
    func givesUp() async throws {
        let receiver = DeliveryReceiver(failing: 100)
        try await receiver.application().test(.live) { client in
            let (fixture, id) = try Self.approvedItem(port: client.port!, tries: 3)
            try await Self.deliver(fixture, id, until: [.sent, .failed])
            let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
            #expect(entry.itemID == id)
            #expect(entry.attempts == 3)
            #expect(entry.lastError?.contains("HTTP 503") == true)
            #expect(receiver.seen.count == 3)
            let actions = try fixture.workflow.auditLog.entries(itemID: id).map(\.action.rawValue)
            #expect(actions.suffix(3) == ["delivery-attempt", "delivery-attempt", "mark-failed"])
        }
    }

    @Test("delivery without BAUSTEIN_DELIVERY_SECRET refuses to start")
    func secretRequired() throws {
        var secrets = ServerFixture.secrets
        secrets.delivery = nil
        let target = ServerConfiguration.DeliveryTarget(url: URL(string: "http://127.0.0.1:9/deliver")!)
        #expect(throws: ServerSetupError.self) { try ServerFixture(delivery: ["web": target], secrets: secrets) }
    }
}
