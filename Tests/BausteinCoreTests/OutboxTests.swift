import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The outbox: approved replies handed to delivery exactly once, with what a delivery script needs, and their
/// fate (sent, failed, retried) recorded.
@Suite("Outbox")
struct OutboxTests {
    /// An approved reply on facebook to comment `c-1`.
    static func approvedItem(_ fixture: WorkflowFixture, externalID: String = "m-1", channel: String = "facebook") throws -> Int64 {
        let id = try fixture.receive("Wie melde ich Sperrmüll an?", channel: channel, id: externalID, replyTo: "c-1")
        try fixture.workflow.review.confirm(id, by: try fixture.person("anna"))
        return id
    }

    @Test("export hands each approved reply over once, with channel, reply_to, text and snippet id@version")
    func exportOnce() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.approvedItem(fixture)
        let admin = try fixture.person("admin")
        let exported = try fixture.workflow.outbox.export(by: admin)
        #expect(exported.count == 1)
        let entry = try #require(exported.first)
        #expect(entry.itemID == id && entry.state == .queued)
        #expect(entry.channel == "facebook" && entry.replyTo == "c-1" && entry.messageID == "m-1")
        #expect(entry.text == "Sperrmüll melden Sie online unter https://www.musterstadt.example an. Die Abholung erfolgt innerhalb von drei Wochen.")
        #expect(entry.snippetReference == "sperrmuell-anmelden@1")
        #expect(try fixture.state(id) == .queued)
        #expect(try fixture.workflow.outbox.export(by: admin).isEmpty)
    }

    @Test("the JSON a delivery script reads uses snake_case keys")
    func jsonKeys() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.approvedItem(fixture)
        let entry = try #require(try fixture.workflow.outbox.export(by: try fixture.person("admin")).first)
        let json = String(decoding: try JSONEncoder().encode(entry), as: UTF8.self)
        for key in ["\"reply_to\"", "\"snippet_id\"", "\"snippet_version\"", "\"message_id\"", "\"channel\"", "\"text\""] {
            #expect(json.contains(key), "\(key) missing in \(json)")
        }
    }

    @Test("replies still waiting for the press office are not exported")
    func onlyApproved() throws {
        let fixture = try WorkflowFixture()
        let waiting = try fixture.receive("An wen richte ich eine Presseanfrage?")
        try fixture.workflow.review.confirm(waiting, snippetID: "presseanfragen", by: try fixture.person("anna"))
        let ready = try Self.approvedItem(fixture)
        #expect(try fixture.workflow.outbox.export(by: try fixture.person("petra")).map(\.itemID) == [ready])
        #expect(try fixture.state(waiting) == .confirmed)
    }

    @Test("export can be limited to some channels; the others stay approved")
    func channelFilter() throws {
        let fixture = try WorkflowFixture()
        let facebook = try Self.approvedItem(fixture, externalID: "1", channel: "facebook")
        let mail = try Self.approvedItem(fixture, externalID: "2", channel: "email")
        #expect(try fixture.workflow.outbox.export(channels: ["email"], by: try fixture.person("admin")).map(\.itemID) == [mail])
        #expect(try fixture.state(facebook) == .approved)
        #expect(try fixture.workflow.outbox.entries(states: [.approved], for: nil).map(\.itemID) == [facebook])
    }

    @Test("mark-sent closes the reply; it cannot be sent again")
    func markSent() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.approvedItem(fixture)
        let admin = try fixture.person("admin")
        #expect(throws: ReviewError.notAllowed(action: .markSent, state: .approved)) { try fixture.workflow.outbox.markSent(id, by: admin) }
        _ = try fixture.workflow.outbox.export(by: admin)
        #expect(try fixture.workflow.outbox.markSent(id, by: admin).to == .sent)
        #expect(throws: ReviewError.notAllowed(action: .markSent, state: .sent)) { try fixture.workflow.outbox.markSent(id, by: admin) }
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        #expect(try fixture.workflow.outbox.entries(states: [.sent], for: nil).first?.attempts == 1)
    }

    @Test("a failed delivery keeps its reason and can be retried and exported again")
    func failAndRetry() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.approvedItem(fixture)
        let admin = try fixture.person("admin")
        _ = try fixture.workflow.outbox.export(by: admin)
        #expect(throws: ReviewError.noteRequired(.markFailed)) { try fixture.workflow.outbox.markFailed(id, reason: " ", by: admin) }
        #expect(try fixture.workflow.outbox.markFailed(id, reason: "HTTP 503 von der Plattform", by: admin).to == .failed)
        let failed = try #require(try fixture.workflow.outbox.entries(for: nil).first)
        #expect(failed.state == .failed && failed.lastError == "HTTP 503 von der Plattform" && failed.attempts == 1)
        // A failed reply is not exported again before someone decides to retry it.
        #expect(try fixture.workflow.outbox.export(by: admin).isEmpty)
        #expect(try fixture.workflow.outbox.retry(id, by: admin).to == .approved)
        #expect(try fixture.workflow.outbox.export(by: admin).map(\.itemID) == [id])
        #expect(try fixture.workflow.outbox.markSent(id, by: admin).to == .sent)
        // A retry starts a fresh count of attempts, so that automatic delivery tries as often as configured again.
        #expect(try fixture.workflow.outbox.entries(states: [.sent], for: nil).first?.attempts == 1)
        #expect(
            try fixture.workflow.auditLog.entries(itemID: id).first { $0.action == .review(.retry) }?.note
                == "neuer Zustellversuch nach 1 Versuch(en)")
    }

    @Test("the department and the press office's own text go out as free text without a snippet reference")
    func freeTextEntry() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wer wird eigentlich Fußballweltmeister?")
        try fixture.workflow.review.edit(id, text: "Dazu können wir leider nichts sagen.", by: try fixture.person("anna"))
        try fixture.workflow.review.approve(id, by: try fixture.person("petra"))
        let entry = try #require(try fixture.workflow.outbox.export(by: try fixture.person("admin")).first)
        #expect(entry.snippetID == nil && entry.snippetReference == nil)
        #expect(entry.text == "Dazu können wir leider nichts sagen.")
    }

    @Test("department members have nothing to do with delivery")
    func departmentCannotDeliver() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.approvedItem(fixture)
        #expect(throws: ReviewError.self) { try fixture.workflow.outbox.export(by: try fixture.person("olaf")) }
        #expect(try fixture.workflow.outbox.entries(states: [.approved], for: nil).count == 1)
    }

    @Test("staff cannot hand replies to delivery, not even when the outbox is empty")
    func staffCannotExport() throws {
        let fixture = try WorkflowFixture()
        let ready = try Self.approvedItem(fixture)
        #expect(throws: ReviewError.forbidden(person: "anna", role: .staff, action: .export, state: .approved)) {
            try fixture.workflow.outbox.export(by: try fixture.person("anna"))
        }
        #expect(try fixture.state(ready) == .approved)
        let empty = try WorkflowFixture()
        #expect(throws: ReviewError.forbidden(person: "ben", role: .staff, action: .export, state: .approved)) {
            try empty.workflow.outbox.export(by: try empty.person("ben"))
        }
    }
}
