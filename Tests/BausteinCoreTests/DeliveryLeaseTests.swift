import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Exactly one taker per reply: delivery services lease queued replies, manual export never offers a channel the server
/// delivers itself, a retry starts the attempts afresh (attack: double delivery).
@Suite("Delivery leases")
struct DeliveryLeaseTests {
    static func fixture(deliveredChannels: [String] = ["facebook"]) throws -> WorkflowFixture {
        try WorkflowFixture { configuration in
            for channel in deliveredChannels {
                configuration.server.delivery[channel] = ServerConfiguration.DeliveryTarget(url: URL(string: "https://bridge.example/\(channel)")!)
            }
        }
    }

    @Test("attack: two servers on one database never take the same reply; an expired lease passes it on")
    func oneTaker() throws {
        let fixture = try Self.fixture()
        let id = try OutboxTests.approvedItem(fixture)
        let first = try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:a:1", leaseSeconds: 60)
        #expect(first.map(\.itemID) == [id])
        #expect(try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:b:2", leaseSeconds: 60).isEmpty)
        fixture.clock.advance(by: 61)
        // Server a died mid-attempt: after its lease runs out, b posts the reply (receivers drop the repeat by its id).
        #expect(try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:b:2", leaseSeconds: 60).map(\.itemID) == [id])
        try fixture.workflow.outbox.markSent(id, by: Outbox.deliveryActor)
        fixture.clock.advance(by: 120)
        #expect(try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:a:1", leaseSeconds: 60).isEmpty)
    }

    @Test("attack: manual export never offers a channel the server delivers, so a script and the server cannot both send it")
    func exportSkipsServedChannels() throws {
        let fixture = try Self.fixture()
        let served = try OutboxTests.approvedItem(fixture, externalID: "m-1", channel: "facebook")
        let manual = try OutboxTests.approvedItem(fixture, externalID: "m-2", channel: "email")
        let admin = try fixture.person("admin")
        #expect(try fixture.workflow.outbox.export(by: admin).map(\.itemID) == [manual])
        #expect(try fixture.workflow.outbox.export(channels: ["facebook"], by: admin).isEmpty)
        #expect(try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:a:1", leaseSeconds: 60).map(\.itemID) == [served])
        // What a script exported is never taken by a server, even if delivery is configured for its channel later.
        let later = try fixture.reopened(auditKey: nil) {
            $0.server.delivery["email"] = ServerConfiguration.DeliveryTarget(url: URL(string: "https://bridge.example/email")!)
        }
        #expect(try later.outbox.takeDeliveries(channels: ["email"], holder: "serve:a:1", leaseSeconds: 60).isEmpty)
    }

    @Test("a failed attempt waits for its retry time, also for other servers")
    func backoffInTheDatabase() throws {
        let fixture = try Self.fixture()
        let id = try OutboxTests.approvedItem(fixture)
        _ = try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:a:1", leaseSeconds: 60)
        let retryAt = fixture.clock.now.addingTimeInterval(30)
        #expect(try fixture.workflow.outbox.recordFailedAttempt(id, reason: "HTTP 503", retryAt: retryAt, by: Outbox.deliveryActor) == 1)
        #expect(try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:b:2", leaseSeconds: 60).isEmpty)
        fixture.clock.advance(by: 31)
        let again = try fixture.workflow.outbox.takeDeliveries(channels: ["facebook"], holder: "serve:b:2", leaseSeconds: 60)
        #expect(again.map(\.itemID) == [id] && again.first?.attempts == 1)
    }

    @Test("staff hand nothing to delivery; the press office and admins do")
    func whoExports() throws {
        let fixture = try Self.fixture(deliveredChannels: [])
        _ = try OutboxTests.approvedItem(fixture)
        #expect(throws: ReviewError.self) { try fixture.workflow.outbox.export(by: try fixture.person("anna")) }
        #expect(try fixture.workflow.outbox.export(by: try fixture.person("petra")).count == 1)
    }
}

/// Who sees replies and reply addresses in the outbox (attack: a department token listing every reply).
@Suite("Outbox visibility")
struct OutboxVisibilityTests {
    @Test("press office and admins see every reply, a department only its own, staff none")
    func scoped() throws {
        let fixture = try WorkflowFixture()
        let plain = try OutboxTests.approvedItem(fixture, externalID: "m-1")
        let forwarded = try fixture.receive("Wer räumt den Waldweg auf?", id: "m-2", replyTo: "c-2")
        try fixture.workflow.review.forward(forwarded, to: "ordnungsamt", note: "Zuständigkeit?", by: try fixture.person("anna"))
        try fixture.workflow.review.draft(forwarded, text: "Das Ordnungsamt räumt den Waldweg bis Freitag.", by: try fixture.person("olaf"))
        try fixture.workflow.review.approve(forwarded, by: try fixture.person("petra"))
        #expect(try fixture.workflow.outbox.entries(for: try fixture.person("petra")).map(\.itemID) == [plain, forwarded])
        #expect(try fixture.workflow.outbox.entries(for: try fixture.person("admin")).map(\.itemID) == [plain, forwarded])
        #expect(try fixture.workflow.outbox.entries(for: try fixture.person("olaf")).map(\.itemID) == [forwarded])
        #expect(try fixture.workflow.outbox.entries(for: try fixture.person("sabine")).isEmpty)
        #expect(throws: ReviewError.outboxNotAllowed(person: "anna", role: .staff)) {
            try fixture.workflow.outbox.entries(for: try fixture.person("anna"))
        }
    }
}
