@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Staff at work: confirming a snippet, editing, escalating, forwarding and dismissing. Unchanged approved text
/// goes straight to the outbox; anything the rules reserve for the press office waits for it; every refusal
/// leaves the item as it was.
@Suite("Workflow review")
struct WorkflowReviewTests {
    // MARK: confirm

    @Test("an unchanged snippet without press rule is approved at once and teaches the matcher the question")
    func confirmUnchanged() throws {
        let fixture = try WorkflowFixture()
        let question = "Wie kann ich meinen Sperrmüll anmelden?"
        let id = try fixture.receive(question)
        let outcome = try fixture.workflow.review.confirm(id, by: try fixture.person("anna"))
        #expect(outcome.from == .open && outcome.to == .approved)
        #expect(!outcome.awaitsPress)
        #expect(outcome.snippetID == "sperrmuell-anmelden" && outcome.snippetVersion == 1)
        #expect(
            outcome.replyText
                == "Sperrmüll melden Sie online unter https://www.musterstadt.example an. Die Abholung erfolgt innerhalb von drei Wochen.")
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden") == [question])
        let detail = try fixture.workflow.queue.item(id)
        #expect(detail.replyText == outcome.replyText)
        #expect(detail.preparedBy == "anna")
        #expect(try fixture.workflow.outbox.entries(for: nil).map(\.itemID) == [id])
    }

    @Test("an item in a state this version does not know (a newer database) is refused, not treated as open")
    func unknownStoredState() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie kann ich meinen Sperrmüll anmelden?")
        try fixture.tamper("UPDATE item SET state = 'archived' WHERE id = ?", [id])
        let error = caught { try fixture.workflow.review.confirm(id, by: try fixture.person("anna")) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("unbekannten Zustand 'archived'"))
        #expect(try fixture.workflow.auditLog.entries(itemID: id).allSatisfy { $0.action != .review(.confirm) })
    }

    @Test("a learned question helps the next citizen who asks the same way")
    func learningHelpsMatching() throws {
        let fixture = try WorkflowFixture()
        let question = "Abholtermin für alte Möbel und Matratzen?"
        let first = try fixture.receive(question)
        // Unsure the first time: staff checked the reply and send it explicitly.
        try fixture.workflow.review.confirm(first, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try fixture.person("anna"))
        let second = try fixture.receive(question)
        #expect(try fixture.workflow.queue.item(second).entry.top?.snippetID == "sperrmuell-anmelden")
    }

    @Test("a snippet marked approval: press waits for the press office, and teaches only once approved")
    func confirmPressSnippet() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("An wen richte ich eine Anfrage für unser Magazin?")
        let outcome = try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: try fixture.person("anna"))
        #expect(outcome.to == .confirmed)
        #expect(outcome.awaitsPress)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "presseanfragen").isEmpty)
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        #expect(try fixture.workflow.queue.entries(states: ReviewQueue.defaultStates(for: .press)).map(\.id) == [id])
        let approved = try fixture.workflow.review.approve(id, by: try fixture.person("petra"))
        #expect(approved.to == .approved)
        #expect(approved.replyText == "Presseanfragen beantwortet die Pressestelle der Stadt Musterstadt unter presse@musterstadt.example.")
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "presseanfragen") == ["An wen richte ich eine Anfrage für unser Magazin?"])
    }

    @Test("a reply to a flagged message needs the press office, even for an ordinary snippet")
    func confirmFlagged() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Ihr Idioten, wann holt ihr endlich meinen Sperrmüll ab?")
        #expect(try fixture.workflow.queue.item(id).entry.flags == ["beleidigung"])
        // An insult is offered only the snippets that answer insults (none here), so sending another needs the explicit flag.
        #expect(
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try fixture.person("anna")).to
                == .confirmed)
    }

    @Test("with press_approval_for_flagged off, a flagged message is answered directly")
    func flaggedRuleOff() throws {
        let fixture = try WorkflowFixture { $0.rules.pressApprovalForFlagged = false }
        let id = try fixture.receive("Ihr Idioten, wann holt ihr endlich meinen Sperrmüll ab?")
        #expect(
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try fixture.person("anna")).to
                == .approved)
    }

    @Test("confirming an item without a fitting suggestion is refused; nothing changes")
    func confirmAbstained() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wer wird eigentlich Fußballweltmeister?")
        #expect(throws: ReviewError.uncertainMatch(id)) { try fixture.workflow.review.confirm(id, by: try fixture.person("anna")) }
        #expect(try fixture.state(id) == .open)
        #expect(try fixture.revision(id) == 0)
        #expect(try fixture.workflow.auditLog.entries(itemID: id).count == 1)
        // Naming a snippet needs the explicit confirmation that a person checked it.
        #expect(throws: ReviewError.uncertainMatch(id)) {
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: try fixture.person("anna"))
        }
        #expect(
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try fixture.person("anna")).to
                == .approved)
    }

    @Test("an item not yet matched has no suggestion to confirm")
    func confirmUnmatched() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?", match: false)
        #expect(throws: ReviewError.noSuggestion(id)) { try fixture.workflow.review.confirm(id, by: try fixture.person("anna")) }
    }

    @Test("an unknown or out-of-date snippet is refused")
    func confirmUnknownOrInvalidSnippet() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let anna = try fixture.person("anna")
        #expect(throws: ReviewError.unknownSnippet("gibt-es-nicht")) { try fixture.workflow.review.confirm(id, snippetID: "gibt-es-nicht", by: anna) }
        #expect(throws: ReviewError.snippetNotValid(id: "weihnachtsmarkt-2025", day: "2026-11-01")) {
            try fixture.workflow.review.confirm(id, snippetID: "weihnachtsmarkt-2025", by: anna)
        }
        #expect(try fixture.state(id) == .open)
    }

    @Test("without an author's name the greeting is neutral; a name given with --set is used")
    func confirmPlaceholders() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Mein Personalausweis ist abgelaufen, was muss ich tun?")
        let anna = try fixture.person("anna")
        // The greeting's name is optional: nothing to ask for, and the reply reads "Guten Tag, …".
        let detail = try fixture.workflow.queue.item(id)
        #expect(detail.proposals.first?.values == [])
        #expect(detail.proposals.first?.reply?.hasPrefix("Guten Tag, den Personalausweis") == true)
        #expect(detail.greetingName == nil)
        #expect(ReviewError.missingValues(["frist"]).description.contains("--set frist=…"))
        let outcome = try fixture.workflow.review.confirm(id, values: ["name": "Frau Weber"], by: anna)
        #expect(outcome.snippetID == "personalausweis-beantragen")
        #expect(outcome.replyText?.hasPrefix("Guten Tag Frau Weber, den Personalausweis") == true)
    }

    @Test("on X (280 characters) the snippet's short variant is sent")
    func confirmUsesShort() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie hoch ist die Hundesteuer?", channel: "x")
        let outcome = try fixture.workflow.review.confirm(id, snippetID: "hundesteuer-anmelden", by: try fixture.person("anna"))
        #expect(outcome.replyText == "Hunde bitte binnen zwei Wochen beim Steueramt anmelden: https://www.musterstadt.example")
        #expect(try fixture.workflow.auditLog.entries(itemID: id).last?.note == "Kurzfassung (short) verwendet")
        // On a channel without limit the full text goes out.
        let mail = try fixture.receive("Wie hoch ist die Hundesteuer?", channel: "email")
        let long = try fixture.workflow.review.confirm(mail, snippetID: "hundesteuer-anmelden", by: try fixture.person("anna"))
        #expect(long.replyText?.hasPrefix("Einen Hund melden Sie") == true)
    }
}
