@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Intake stores every message exactly once, all or nothing, flags the ones the press office must see, and
/// queues each with the matcher's ranked suggestions.
@Suite("Intake")
struct IntakeTests {
    @Test("accepted messages are stored as open items and each gets a receipt")
    func storesAndReturnsReceipts() throws {
        let fixture = try WorkflowFixture()
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "1", channel: "facebook", author: "Erika", text: "Wie melde ich Sperrmüll an?"),
            IncomingMessage(externalID: "2", channel: "mastodon", text: "Wie hoch ist die Hundesteuer?", replyTo: "@erika"),
        ])
        #expect(receipts.count == 2)
        #expect(receipts.map(\.duplicate) == [false, false])
        #expect(receipts.map(\.channel) == ["facebook", "mastodon"])
        #expect(receipts.map(\.externalID) == ["1", "2"])
        #expect(Set(receipts.map(\.itemID)).count == 2)
        let queue = try fixture.workflow.queue.entries(states: [.open])
        #expect(queue.map(\.id) == receipts.map(\.itemID))
        #expect(queue[0].text == "Wie melde ich Sperrmüll an?")
        #expect(queue[0].author == "Erika")
        #expect(queue.allSatisfy { !$0.matched && $0.top == nil })
        let detail = try fixture.workflow.queue.item(receipts[1].itemID)
        #expect(detail.replyTo == "@erika")
        #expect(detail.externalID == "2")
    }

    @Test("received_at is kept; without it the time of intake is recorded")
    func receivedAt() throws {
        let fixture = try WorkflowFixture()
        let given = try #require(Timestamp.parse("2026-10-31T08:00:00Z"))
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(channel: "web", text: "Frage eins", receivedAt: given), IncomingMessage(channel: "web", text: "Frage zwei"),
        ])
        #expect(try fixture.workflow.queue.item(receipts[0].itemID).entry.receivedAt == "2026-10-31T08:00:00Z")
        #expect(try fixture.workflow.queue.item(receipts[1].itemID).entry.receivedAt == "2026-11-01T12:00:00Z")
    }

    @Test("the same (channel, id) delivered twice is stored once and answers with the same item")
    func duplicateDelivery() throws {
        let fixture = try WorkflowFixture()
        let message = IncomingMessage(externalID: "abc", channel: "telegram", text: "Wie melde ich Sperrmüll an?")
        let first = try fixture.workflow.intake.accept([message])[0]
        let second = try fixture.workflow.intake.accept([message])[0]
        #expect(!first.duplicate)
        #expect(second.duplicate)
        #expect(second.itemID == first.itemID)
        #expect(try fixture.count("message") == 1)
        #expect(try fixture.workflow.auditLog.entries().count == 1)
    }

    @Test("a retry with a changed text is still the same message")
    func duplicateWithOtherText() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.workflow.intake.accept([IncomingMessage(externalID: "7", channel: "x", text: "Erste Fassung")])[0]
        let second = try fixture.workflow.intake.accept([IncomingMessage(externalID: "7", channel: "x", text: "Zweite Fassung")])[0]
        #expect(second.duplicate && second.itemID == first.itemID)
        #expect(try fixture.workflow.queue.item(first.itemID).entry.text == "Erste Fassung")
    }

    @Test("a repeat inside one batch is recognised too")
    func duplicateInBatch() throws {
        let fixture = try WorkflowFixture()
        let message = IncomingMessage(externalID: "abc", channel: "telegram", text: "Hallo")
        let receipts = try fixture.workflow.intake.accept([message, message])
        #expect(receipts.map(\.duplicate) == [false, true])
        #expect(receipts[0].itemID == receipts[1].itemID)
        #expect(try fixture.count("item") == 1)
    }

    @Test("the same id on another channel is another message")
    func sameIDOtherChannel() throws {
        let fixture = try WorkflowFixture()
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "100", channel: "facebook", text: "Hallo"),
            IncomingMessage(externalID: "100", channel: "instagram", text: "Hallo"),
        ])
        #expect(receipts.map(\.duplicate) == [false, false])
        #expect(receipts[0].itemID != receipts[1].itemID)
        #expect(try fixture.count("item") == 2)
    }

    @Test("messages without an id are never taken for repeats")
    func noIDNoDedupe() throws {
        let fixture = try WorkflowFixture()
        let message = IncomingMessage(channel: "email", text: "Hallo")
        let receipts = try fixture.workflow.intake.accept([message, message])
        #expect(receipts.map(\.duplicate) == [false, false])
        #expect(try fixture.count("item") == 2)
    }

    @Test("a batch with one invalid message stores nothing")
    func batchAllOrNothing() throws {
        let fixture = try WorkflowFixture()
        #expect(throws: IntakeError.emptyText) {
            try fixture.workflow.intake.accept([
                IncomingMessage(externalID: "1", channel: "facebook", text: "Wie melde ich Sperrmüll an?"),
                IncomingMessage(externalID: "2", channel: "facebook", text: "   "),
            ])
        }
        #expect(throws: IntakeError.unknownChannel("fax", known: ChannelPolicy.defaults.keys.sorted())) {
            try fixture.workflow.intake.accept([
                IncomingMessage(channel: "facebook", text: "Hallo"), IncomingMessage(channel: "fax", text: "Hallo"),
            ])
        }
        #expect(try fixture.count("message") == 0)
        #expect(try fixture.count("item") == 0)
        #expect(try fixture.workflow.auditLog.entries().isEmpty)
    }

    @Test("an emergency is flagged, shows the 110/112 notice and comes first in the queue")
    func emergencyFlag() throws {
        let fixture = try WorkflowFixture()
        let receipts = try fixture.workflow.intake.accept([
            IncomingMessage(channel: "facebook", text: "Wie melde ich Sperrmüll an?"),
            IncomingMessage(channel: "facebook", text: "Hilfe, bei uns brennt es!"),
        ])
        #expect(receipts[0].flags == [])
        #expect(receipts[1].flags == ["notfall"])
        let queue = try fixture.workflow.queue.entries(states: [.open])
        #expect(queue.map(\.id) == [receipts[1].itemID, receipts[0].itemID])
        #expect(queue[0].urgent && !queue[1].urgent)
        let notices = try fixture.workflow.queue.item(receipts[1].itemID).notices
        #expect(notices.map(\.category) == ["notfall"])
        #expect(notices[0].text?.contains("110") == true && notices[0].text?.contains("112") == true)
        let received = try fixture.workflow.auditLog.entries(itemID: receipts[1].itemID)
        #expect(received.first?.note?.contains("notfall") == true)
    }

    @Test("a flag without a notice (press inquiry) is shown but not urgent")
    func pressFlagNotUrgent() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Ich bin Journalistin und bitte um eine Stellungnahme zur Baustelle.", match: false)
        let entry = try fixture.workflow.queue.item(id).entry
        #expect(entry.flags == ["presse"])
        #expect(!entry.urgent)
    }

    @Test("a repeated delivery reports the flags of the stored message")
    func duplicateKeepsFlags() throws {
        let fixture = try WorkflowFixture()
        let message = IncomingMessage(externalID: "9", channel: "x", text: "Ihr seid doch alle Idioten")
        _ = try fixture.workflow.intake.accept([message])
        let again = try fixture.workflow.intake.accept([message])[0]
        #expect(again.duplicate)
        #expect(again.flags == ["beleidigung"])
    }

    @Test("matching stores ranked suggestions with the snippet version; the right snippet comes first")
    func matchStoresSuggestions() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie kann ich meinen Sperrmüll anmelden?", match: false)
        #expect(try fixture.workflow.intake.matchPending() == 1)
        let detail = try fixture.workflow.queue.item(id)
        #expect(detail.entry.matched)
        #expect(!detail.entry.abstained)
        let top = try #require(detail.entry.top)
        #expect(top.snippetID == "sperrmuell-anmelden")
        #expect(top.rank == 1 && top.snippetVersion == 1 && top.title == "Sperrmüll anmelden")
        #expect(top.confidence > 0 && top.confidence <= 1)
        #expect(!top.reasons.isEmpty)
        #expect(detail.proposals.map(\.suggestion.rank) == Array(1...detail.proposals.count))
        #expect(detail.proposals.count <= 3)
        #expect(detail.proposals.map(\.suggestion.confidence) == detail.proposals.map(\.suggestion.confidence).sorted(by: >))
        // The proposal shows staff the reply that would be sent, placeholders filled.
        #expect(detail.proposals[0].reply?.contains("https://www.musterstadt.example") == true)
    }

    @Test("an off-topic message is matched but abstains")
    func offTopicAbstains() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wer wird eigentlich Fußballweltmeister?")
        let entry = try fixture.workflow.queue.item(id).entry
        #expect(entry.matched)
        #expect(entry.abstained)
    }

    @Test("matching twice matches nothing twice and adds no suggestions")
    func matchIsIdempotent() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie hoch ist die Hundesteuer?", match: false)
        #expect(try fixture.workflow.intake.matchPending() == 1)
        let suggestions = try fixture.count("suggestion")
        #expect(suggestions > 0)
        #expect(try fixture.workflow.intake.matchPending() == 0)
        #expect(try fixture.count("suggestion") == suggestions)
        let second = try fixture.receive("Wie melde ich Sperrmüll an?", match: false)
        #expect(try fixture.workflow.intake.matchPending() == 1)
        #expect(try fixture.workflow.queue.item(second).entry.top?.snippetID == "sperrmuell-anmelden")
        #expect(try fixture.workflow.queue.item(id).entry.top?.snippetID == "hundesteuer-anmelden")
    }

    @Test("matchPending respects its limit, oldest first")
    func matchLimit() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie hoch ist die Hundesteuer?", match: false)
        let second = try fixture.receive("Wie melde ich Sperrmüll an?", match: false)
        #expect(try fixture.workflow.intake.matchPending(limit: 1) == 1)
        #expect(try fixture.workflow.queue.item(first).entry.matched)
        #expect(try !fixture.workflow.queue.item(second).entry.matched)
    }

    @Test(
        "a backlog larger than one write transaction is matched completely, in order, at either priority",
        arguments: [WorkPriority.normal, .background])
    func matchBacklog(priority: WorkPriority) throws {
        let fixture = try WorkflowFixture()
        let questions = ["Wie hoch ist die Hundesteuer?", "Wie melde ich Sperrmüll an?"]
        let count = Intake.matchWriteChunk * 2 + 7
        let messages = (0..<count).map { IncomingMessage(externalID: "m\($0)", channel: "x", text: questions[$0 % 2]) }
        let receipts = try fixture.workflow.intake.accept(messages)
        #expect(try fixture.workflow.intake.matchPending(limit: count, priority: priority) == count)
        #expect(try fixture.workflow.intake.matchPending(priority: priority) == 0)
        for (index, receipt) in receipts.enumerated() {
            let top = try fixture.workflow.queue.entry(receipt.itemID).top?.snippetID
            #expect(top == (index % 2 == 0 ? "hundesteuer-anmelden" : "sperrmuell-anmelden"))
        }
        #expect(try fixture.count("suggestion") >= count)
    }
}
