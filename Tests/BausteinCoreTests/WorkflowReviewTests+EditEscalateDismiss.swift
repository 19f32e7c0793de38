@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

extension WorkflowReviewTests {
    @Test("a reply that fits neither long nor short is refused with the count")
    func confirmTooLong() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Darf ich den Baum in meinem Garten fällen?", channel: "x")
        let error = caught { try fixture.workflow.review.confirm(id, snippetID: "baumfaellung", by: try fixture.person("anna")) }
        guard case .tooLong(let channel, let length, let limit) = error as? ReviewError else {
            Issue.record("expected tooLong, got \(String(describing: error))")
            return
        }
        #expect(channel == "x" && limit == 280 && length > 280)
        #expect(try fixture.state(id) == .open)
    }

    // MARK: edit

    @Test("an 'edit' that leaves the snippet's text as it is counts as unchanged")
    func editUnchanged() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let text = "Sperrmüll melden Sie online unter https://www.musterstadt.example an.\n\nDie Abholung erfolgt innerhalb von drei Wochen.  "
        let outcome = try fixture.workflow.review.edit(id, text: text, snippetID: "sperrmuell-anmelden", by: try fixture.person("anna"))
        #expect(outcome.to == .approved)
        #expect(try fixture.workflow.auditLog.entries(itemID: id).last?.diff == nil)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden") == ["Wie melde ich Sperrmüll an?"])
    }

    @Test("a changed text waits for the press office, and the audit row shows the word diff")
    func editChanged() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let text = "Sperrmüll melden Sie online unter https://www.musterstadt.example an. Die Abholung erfolgt innerhalb von zwei Wochen."
        let outcome = try fixture.workflow.review.edit(id, text: text, snippetID: "sperrmuell-anmelden", by: try fixture.person("anna"))
        #expect(outcome.to == .edited)
        #expect(outcome.snippetID == "sperrmuell-anmelden")
        let row = try #require(try fixture.workflow.auditLog.entries(itemID: id).last)
        #expect(row.action == .review(.edit) && row.text == text)
        #expect(
            row.diff
                == "Sperrmüll melden Sie online unter https://www.musterstadt.example an. Die Abholung erfolgt innerhalb von [-drei-] {+zwei+} Wochen."
        )
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
        #expect(try fixture.workflow.review.approve(id, by: try fixture.person("petra")).to == .approved)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden") == ["Wie melde ich Sperrmüll an?"])
        #expect(try fixture.workflow.outbox.entries(for: nil).first?.text == text)
    }

    @Test("with press_approval_for_edited off, an edited snippet goes out directly")
    func editedRuleOff() throws {
        let fixture = try WorkflowFixture { $0.rules.pressApprovalForEdited = false }
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let outcome = try fixture.workflow.review.edit(
            id, text: "Sperrmüll bitte online anmelden.", snippetID: "sperrmuell-anmelden", by: try fixture.person("anna"))
        #expect(outcome.to == .approved)
    }

    @Test("a free text without a snippet always needs the press office")
    func editFreeText() throws {
        for editedRule in [true, false] {
            let fixture = try WorkflowFixture { $0.rules.pressApprovalForEdited = editedRule }
            let id = try fixture.receive("Wer wird eigentlich Fußballweltmeister?")
            let outcome = try fixture.workflow.review.edit(id, text: "Dazu können wir leider nichts sagen.", by: try fixture.person("anna"))
            #expect(outcome.to == .edited)
            #expect(outcome.snippetID == nil)
        }
    }

    @Test("a text with a placeholder left in it is refused")
    func editUnresolvedPlaceholder() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Mein Personalausweis ist abgelaufen")
        #expect(throws: ReviewError.unresolvedPlaceholder("name")) {
            try fixture.workflow.review.edit(id, text: "Guten Tag {{name}}, bitte kommen Sie ins Bürgeramt.", by: try fixture.person("anna"))
        }
        #expect(throws: ReviewError.emptyText) { try fixture.workflow.review.edit(id, text: " \n ", by: try fixture.person("anna")) }
        #expect(try fixture.state(id) == .open)
    }

    @Test("an edited text that is too long for the channel is refused")
    func editTooLong() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?", channel: "mastodon")
        #expect(throws: ReviewError.tooLong(channel: "mastodon", length: 501, limit: 500)) {
            try fixture.workflow.review.edit(id, text: String(repeating: "a", count: 501), by: try fixture.person("anna"))
        }
    }

    // MARK: escalate, forward, draft, dismiss

    @Test("escalating needs a note; the press office then writes the reply")
    func escalateAndRewrite() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Ich bin Reporter beim Tageblatt und brauche bis 16 Uhr eine Stellungnahme.")
        let anna = try fixture.person("anna")
        #expect(throws: ReviewError.noteRequired(.escalate)) { try fixture.workflow.review.escalate(id, note: "  ", by: anna) }
        let escalated = try fixture.workflow.review.escalate(id, note: "Presseanfrage mit Frist", by: anna)
        #expect(escalated.to == .escalated)
        #expect(try fixture.workflow.queue.item(id).entry.note == "Presseanfrage mit Frist")
        let petra = try fixture.person("petra")
        #expect(throws: ReviewError.noReplyText(id)) { try fixture.workflow.review.approve(id, by: petra) }
        let rewritten = try fixture.workflow.review.rewrite(id, text: "Wir melden uns bis 16 Uhr bei Ihnen.", by: petra)
        #expect(rewritten.to == .edited)
        try fixture.workflow.review.approve(id, by: try fixture.person("paul"))
        #expect(rewritten.snippetID == nil)
        #expect(try fixture.workflow.queue.item(id).preparedBy == "petra")
        #expect(try fixture.workflow.outbox.entries(for: nil).map(\.text) == ["Wir melden uns bis 16 Uhr bei Ihnen."])
    }

    @Test("forwarding needs a known department and a note; the department's draft goes to the press office")
    func forwardAndDraft() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Darf ich den Baum in meinem Garten fällen?")
        let anna = try fixture.person("anna")
        #expect(throws: ReviewError.unknownDepartment("finanzamt", known: ["bauamt", "ordnungsamt"])) {
            try fixture.workflow.review.forward(id, to: "finanzamt", note: "Frage", by: anna)
        }
        #expect(throws: ReviewError.noteRequired(.forward)) { try fixture.workflow.review.forward(id, to: "bauamt", note: "", by: anna) }
        #expect(try fixture.state(id) == .open)
        let forwarded = try fixture.workflow.review.forward(id, to: "bauamt", note: "Gilt die Baumschutzsatzung?", by: anna)
        #expect(forwarded.to == .forwarded)
        #expect(try fixture.workflow.queue.item(id).entry.department == "bauamt")
        let sabine = try fixture.person("sabine")
        #expect(throws: ReviewError.unresolvedPlaceholder("stammumfang")) {
            try fixture.workflow.review.draft(id, text: "Ab {{stammumfang}} brauchen Sie eine Genehmigung.", by: sabine)
        }
        let draft = "Ab 80 cm Stammumfang brauchen Sie eine Genehmigung des Bauamts."
        let drafted = try fixture.workflow.review.draft(id, text: draft, by: sabine)
        #expect(drafted.to == .drafted && drafted.awaitsPress && drafted.replyText == draft)
        #expect(try fixture.workflow.review.approve(id, by: try fixture.person("petra")).to == .approved)
        #expect(try fixture.workflow.outbox.entries(for: nil).first?.snippetReference == nil)
    }

    @Test("a department can hand an item back to staff")
    func departmentReturns() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Darf ich den Baum in meinem Garten fällen?")
        try fixture.workflow.review.forward(id, to: "ordnungsamt", note: "Zuständig?", by: try fixture.person("anna"))
        let outcome = try fixture.workflow.review.returnToStaff(id, note: "Nicht unser Thema, bitte ans Bauamt.", by: try fixture.person("olaf"))
        #expect(outcome.to == .returned)
        #expect(try fixture.workflow.review.forward(id, to: "bauamt", note: "Bitte übernehmen", by: try fixture.person("anna")).to == .forwarded)
    }

    @Test("dismissing needs a reason and closes the item for good")
    func dismiss() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Ihr Versager!!!")
        let anna = try fixture.person("anna")
        #expect(throws: ReviewError.noteRequired(.dismiss)) { try fixture.workflow.review.dismiss(id, reason: "", by: anna) }
        let outcome = try fixture.workflow.review.dismiss(id, reason: "Beleidigung ohne Frage", by: anna)
        #expect(outcome.to == .dismissed)
        #expect(try fixture.workflow.auditLog.entries(itemID: id).last?.note?.contains("Beleidigung ohne Frage") == true)
        #expect(try fixture.workflow.queue.entries(states: ReviewQueue.defaultStates(for: .staff)).isEmpty)
        #expect(throws: ReviewError.notAllowed(action: .confirm, state: .dismissed)) {
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: anna)
        }
    }

    @Test("an item that does not exist is named in the error")
    func unknownItem() throws {
        let fixture = try WorkflowFixture()
        #expect(throws: ReviewError.unknownItem(999)) { try fixture.workflow.review.confirm(999, by: try fixture.person("anna")) }
        #expect(throws: ReviewError.unknownItem(999)) { try fixture.workflow.queue.item(999) }
    }
}
