import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The press office (Pressestelle): approves, returns with a note or rewrites; nobody approves a reply they
/// prepared themselves unless the four-eyes rule is switched off.
@Suite("Press approval")
struct PressApprovalTests {
    /// An item with a press-only snippet confirmed by `preparer`, waiting for approval.
    static func confirmedPressItem(_ fixture: WorkflowFixture, by preparer: String = "anna") throws -> Int64 {
        let id = try fixture.receive("An wen richte ich eine Anfrage für unser Magazin?")
        try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: try fixture.person(preparer))
        return id
    }

    @Test("approving moves the reply into the outbox with the snippet it was built on")
    func approve() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.confirmedPressItem(fixture)
        let outcome = try fixture.workflow.review.approve(id, by: try fixture.person("petra"))
        #expect(outcome.from == .confirmed && outcome.to == .approved)
        let entry = try #require(try fixture.workflow.outbox.entries(for: nil).first)
        #expect(entry.itemID == id && entry.snippetReference == "presseanfragen@1")
        let row = try #require(try fixture.workflow.auditLog.entries(itemID: id).last)
        #expect(row.actor == "petra" && row.role == .press && row.action == .review(.approve))
        #expect(row.text == entry.text)
    }

    @Test("the press office returns a reply with a note; staff can then answer again")
    func returnToStaff() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.confirmedPressItem(fixture)
        let petra = try fixture.person("petra")
        #expect(throws: ReviewError.noteRequired(.returnToStaff)) { try fixture.workflow.review.returnToStaff(id, note: "", by: petra) }
        let returned = try fixture.workflow.review.returnToStaff(id, note: "Bitte die Frist des Magazins erfragen.", by: petra)
        #expect(returned.to == .returned)
        let entry = try #require(try fixture.workflow.queue.nextItem(for: try fixture.person("ben")))
        #expect(entry.id == id && entry.note == "Bitte die Frist des Magazins erfragen.")
        let again = try fixture.workflow.review.edit(id, text: "Bis wann brauchen Sie die Antwort?", by: try fixture.person("ben"))
        #expect(again.from == .returned && again.to == .edited)
    }

    @Test("a rewrite replaces the reply and the audit shows the diff from the snippet; under four eyes a colleague approves it")
    func rewrite() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.confirmedPressItem(fixture)
        let text = "Presseanfragen beantwortet die Pressestelle der Stadt Musterstadt gern unter presse@musterstadt.example."
        let outcome = try fixture.workflow.review.rewrite(id, text: text, by: try fixture.person("paul"))
        #expect(outcome.to == .edited && outcome.replyText == text && outcome.awaitsPress)
        let row = try #require(try fixture.workflow.auditLog.entries(itemID: id).last)
        #expect(row.action == .review(.rewrite) && row.diff?.contains("{+gern+}") == true)
        #expect(row.snippetID == "presseanfragen" && row.snippetVersion == 1)
        #expect(try fixture.workflow.queue.item(id).preparedBy == "paul")
        #expect(throws: ReviewError.fourEyes(person: "paul")) { try fixture.workflow.review.approve(id, by: try fixture.person("paul")) }
        let approved = try fixture.workflow.review.approve(id, by: try fixture.person("petra"))
        #expect(approved.to == .approved && approved.replyText == text)
        #expect(throws: ReviewError.unresolvedPlaceholder("amt.name")) {
            let other = try Self.confirmedPressItem(fixture)
            try fixture.workflow.review.rewrite(other, text: "Die {{amt.name}} meldet sich.", by: try fixture.person("paul"))
        }
    }

    @Test("attack: a press member who edited a reply cannot get it out alone by rewriting it")
    func rewriteByPreparer() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let paul = try fixture.person("paul")
        try fixture.workflow.review.edit(id, text: "Rufen Sie mich privat an: 0171 1234567.", snippetID: "sperrmuell-anmelden", by: paul)
        #expect(throws: ReviewError.fourEyes(person: "paul")) { try fixture.workflow.review.approve(id, by: paul) }
        let rewritten = try fixture.workflow.review.rewrite(id, text: "Rufen Sie mich privat an, Nummer folgt.", by: paul)
        #expect(rewritten.to == .edited)
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        #expect(throws: ReviewError.fourEyes(person: "paul")) { try fixture.workflow.review.approve(id, by: paul) }
        #expect(try fixture.state(id) == .edited)
    }

    @Test("with four_eyes off, a rewrite is approved with it")
    func rewriteWithoutFourEyes() throws {
        let fixture = try WorkflowFixture { $0.rules.fourEyes = false }
        let id = try Self.confirmedPressItem(fixture)
        let outcome = try fixture.workflow.review.rewrite(id, text: "Die Pressestelle antwortet Ihnen heute.", by: try fixture.person("paul"))
        #expect(outcome.to == .approved)
        #expect(try fixture.workflow.outbox.entries(for: nil).map(\.itemID) == [id])
    }

    @Test("four eyes: the press person who prepared a reply cannot approve it; a colleague can")
    func fourEyes() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.confirmedPressItem(fixture, by: "petra")
        #expect(try fixture.workflow.queue.item(id).preparedBy == "petra")
        #expect(throws: ReviewError.fourEyes(person: "petra")) { try fixture.workflow.review.approve(id, by: try fixture.person("Petra")) }
        #expect(try fixture.state(id) == .confirmed)
        #expect(ReviewError.fourEyes(person: "petra").description.contains("Vier-Augen-Prinzip"))
        #expect(try fixture.workflow.review.approve(id, by: try fixture.person("paul")).to == .approved)
    }

    @Test("four eyes applies to edits by the press office too")
    func fourEyesOnEdit() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.edit(id, text: "Bitte melden Sie den Sperrmüll online an.", snippetID: "sperrmuell-anmelden", by: try fixture.person("paul"))
        #expect(throws: ReviewError.fourEyes(person: "paul")) { try fixture.workflow.review.approve(id, by: try fixture.person("paul")) }
    }

    @Test("with four_eyes off, the preparer may approve their own reply")
    func fourEyesOff() throws {
        let fixture = try WorkflowFixture { $0.rules.fourEyes = false }
        let id = try Self.confirmedPressItem(fixture, by: "petra")
        #expect(try fixture.workflow.review.approve(id, by: try fixture.person("petra")).to == .approved)
    }

    @Test("the press office can close an item without a reply")
    func pressDismisses() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.confirmedPressItem(fixture)
        #expect(try fixture.workflow.review.dismiss(id, reason: "Anfrage wurde telefonisch beantwortet", by: try fixture.person("petra")).to == .dismissed)
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
    }

    @Test("the press queue lists what waits for approval")
    func pressQueue() throws {
        let fixture = try WorkflowFixture()
        let confirmed = try Self.confirmedPressItem(fixture)
        let escalated = try fixture.receive("Ich bin Journalist und habe eine Frage.")
        try fixture.workflow.review.escalate(escalated, note: "Presse", by: try fixture.person("anna"))
        let open = try fixture.receive("Wie melde ich Sperrmüll an?")
        let queue = try fixture.workflow.queue.entries(states: ReviewQueue.defaultStates(for: .press)).map(\.id)
        #expect(queue == [confirmed, escalated])
        #expect(!queue.contains(open))
    }
}
