import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// Taking the last action back (`u` in review, `baustein undo`): an audited move of the state machine that restores
/// the item and forgets what the action taught, refused once the reply has gone to delivery.
@Suite("Undo")
struct UndoTests {
    @Test("a confirmation sent to the outbox is taken back: open again, no reply, nothing learned, one undo row")
    func undoConfirm() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let phrasings = try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden")
        let outcomes = try fixture.count("confidence_outcome")
        #expect(try fixture.workflow.review.confirm(id, by: anna).to == .approved)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").count == phrasings.count + 1)

        let undone = try fixture.workflow.review.undo(id, by: anna)
        #expect(undone.from == .approved && undone.to == .open && undone.action == .undo)
        let detail = try fixture.workflow.queue.item(id)
        #expect(detail.entry.state == .open)
        #expect(detail.replyText == nil && detail.snippetID == nil && detail.preparedBy == nil)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden") == phrasings)
        #expect(try fixture.count("confidence_outcome") == outcomes)
        let trail = try fixture.workflow.auditLog.entries(itemID: id)
        #expect(trail.map(\.action.rawValue) == ["receive", "confirm", "undo"])
        #expect(trail.last?.fromState == .approved && trail.last?.toState == .open)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        // Only the last step, once.
        #expect(throws: ReviewError.nothingToUndo(id)) { try fixture.workflow.review.undo(id, by: anna) }
    }

    @Test("an edit, an escalation and a dismissal come back with the fields they replaced")
    func undoRestoresFields() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let petra = try fixture.person("petra")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.edit(id, text: "Erster Entwurf.", by: anna)
        try fixture.workflow.review.returnToStaff(id, note: "Bitte freundlicher", by: petra)
        // The press office takes its return back: the edit and its text are there again.
        #expect(try fixture.workflow.review.undo(id, by: petra).to == .edited)
        let detail = try fixture.workflow.queue.item(id)
        #expect(detail.replyText == "Erster Entwurf." && detail.entry.note == nil)
        // Undo is for the last step only: anna's edit before it stays.
        #expect(throws: ReviewError.nothingToUndo(id)) { try fixture.workflow.review.undo(id, by: anna) }
    }

    @Test("only the person who acted, or an admin, can undo; another claim blocks it")
    func undoByOther() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let ben = try fixture.person("ben")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.dismiss(id, reason: "Spam", kind: .spam, by: anna)
        #expect(throws: ReviewError.undoByOther(item: id, actor: "anna")) { try fixture.workflow.review.undo(id, by: ben) }
        #expect(try fixture.workflow.review.undo(id, by: try fixture.person("admin")).to == .open)
        #expect(try fixture.workflow.queue.item(id).entry.note == nil)
    }

    @Test("once exported, the reply cannot be taken back")
    func undoAfterExport() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.confirm(id, by: anna)
        _ = try fixture.workflow.outbox.export(by: try fixture.person("admin"))
        #expect(throws: ReviewError.undoAfterDelivery(state: .queued)) { try fixture.workflow.review.undo(id, by: anna) }
        #expect(try fixture.state(id) == .queued)
    }

    @Test("the state machine only undoes moves it allows, and none after delivery")
    func stateMachine() throws {
        #expect(try ReviewState.approved.undoing(.confirm, back: .open) == .open)
        #expect(try ReviewState.confirmed.undoing(.confirm, back: .returned) == .returned)
        #expect(try ReviewState.approved.undoing(.approve, back: .edited) == .edited)
        #expect(throws: ReviewError.notAllowed(action: .undo, state: .approved)) { try ReviewState.approved.undoing(.escalate, back: .open) }
        #expect(throws: ReviewError.notAllowed(action: .undo, state: .approved)) { try ReviewState.approved.undoing(.retry, back: .failed) }
        #expect(throws: ReviewError.undoAfterDelivery(state: .sent)) { try ReviewState.sent.undoing(.markSent, back: .queued) }
        #expect(throws: ReviewError.undoAfterDelivery(state: .queued)) { try ReviewState.queued.undoing(.export, back: .approved) }
    }
}

/// When the matcher abstains, no suggestion goes out by one step: `confirm` needs `despiteAbstention`, in the core,
/// so that the command line, the review loop and the API follow the same rule.
@Suite("Abstention rule")
struct AbstentionRuleTests {
    @Test("a suggestion on an abstained item is refused without the explicit flag, and sent with it")
    func abstained() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wer wird eigentlich Fußballweltmeister?")
        #expect(try fixture.workflow.queue.item(id).entry.abstained)
        #expect(throws: ReviewError.uncertainMatch(id)) { try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: anna) }
        #expect(throws: ReviewError.uncertainMatch(id)) { try fixture.workflow.review.confirm(id, by: anna) }
        #expect(throws: ReviewError.uncertainMatch(id)) {
            try fixture.workflow.review.previewConfirmation(id, snippetID: "sperrmuell-anmelden")
        }
        #expect(try fixture.state(id) == .open && fixture.revision(id) == 0)
        let preview = try fixture.workflow.review.previewConfirmation(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true)
        #expect(preview.text.contains("Sperrmüll") && !preview.needsPress)
        let outcome = try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: anna)
        #expect(outcome.to == .approved && outcome.replyText == preview.text)
    }

    @Test("a sure suggestion needs no flag, and the preview is exactly what is sent, with its recipient")
    func sure() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?", replyTo: "fb-comment-1")
        let preview = try fixture.workflow.review.previewConfirmation(id, snippetID: nil)
        #expect(preview.recipient == "fb-comment-1" && preview.channel == "facebook")
        #expect(try fixture.workflow.review.confirm(id, by: anna).replyText == preview.text)
    }
}
