import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Who may do what: staff answer, departments draft for their own department only, the press office approves,
/// admins deliver; anyone else is refused with a clear message and nothing changes.
@Suite("Roles")
struct RoleTests {
    @Test("staff cannot approve; the item stays with the press office")
    func staffCannotApprove() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Ich bin Journalistin, an wen richte ich eine Presseanfrage?")
        try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: try fixture.person("anna"))
        #expect(try fixture.state(id) == .confirmed)
        let revision = try fixture.revision(id)
        #expect(throws: ReviewError.forbidden(person: "ben", role: .staff, action: .approve, state: .confirmed)) {
            try fixture.workflow.review.approve(id, by: try fixture.person("ben"))
        }
        #expect(try fixture.state(id) == .confirmed)
        #expect(try fixture.revision(id) == revision)
        let message = ReviewError.forbidden(person: "ben", role: .staff, action: .approve, state: .confirmed).description
        #expect(message.contains("ben (Sachbearbeitung)") && message.contains("freigeben"))
    }

    @Test("a wrong move is reported as such, before any permission question")
    func stateMachineFirst() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        #expect(throws: ReviewError.notAllowed(action: .approve, state: .open)) {
            try fixture.workflow.review.approve(id, by: try fixture.person("anna"))
        }
    }

    @Test("a department member drafts only items forwarded to their own department")
    func departmentOnlyOwnItems() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Darf ich den Baum in meinem Garten fällen?")
        try fixture.workflow.review.forward(id, to: "bauamt", note: "Bitte fachlich beantworten", by: try fixture.person("anna"))
        #expect(throws: ReviewError.otherDepartment(person: "olaf", department: "bauamt")) {
            try fixture.workflow.review.draft(id, text: "Ja, das dürfen Sie.", by: try fixture.person("olaf"))
        }
        #expect(try fixture.state(id) == .forwarded)
        let outcome = try fixture.workflow.review.draft(id, text: "Bei Stammumfang über 80 cm brauchen Sie eine Genehmigung.", by: try fixture.person("sabine"))
        #expect(outcome.to == .drafted)
        #expect(outcome.awaitsPress)
    }

    @Test("a department member sees only their department's items")
    func departmentQueue() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let tree = try fixture.receive("Darf ich den Baum in meinem Garten fällen?")
        let noise = try fixture.receive("Die Nachbarn feiern jede Nacht laut.")
        try fixture.workflow.review.forward(tree, to: "bauamt", note: "Baumschutz?", by: anna)
        try fixture.workflow.review.forward(noise, to: "ordnungsamt", note: "Ruhestörung?", by: anna)
        let sabine = try fixture.person("sabine")
        #expect(try fixture.workflow.queue.entries(states: [.forwarded], for: sabine).map(\.id) == [tree])
        #expect(try fixture.workflow.queue.nextItem(for: try fixture.person("olaf"))?.id == noise)
        #expect(try fixture.workflow.queue.entries(states: [.forwarded], for: anna).map(\.id) == [tree, noise])
    }

    @Test("a department member cannot answer open items themselves")
    func departmentCannotConfirm() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        #expect(throws: ReviewError.forbidden(person: "olaf", role: .department, action: .confirm, state: .open)) {
            try fixture.workflow.review.confirm(id, by: try fixture.person("olaf"))
        }
    }

    @Test("staff cannot draft in a department's place")
    func staffCannotDraft() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Darf ich den Baum in meinem Garten fällen?")
        try fixture.workflow.review.forward(id, to: "bauamt", note: "Baumschutz?", by: try fixture.person("anna"))
        #expect(throws: ReviewError.forbidden(person: "anna", role: .staff, action: .draft, state: .forwarded)) {
            try fixture.workflow.review.draft(id, text: "Ja.", by: try fixture.person("anna"))
        }
    }

    @Test("an admin runs delivery but has no say over reply content")
    func adminCannotConfirm() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let admin = try fixture.person("admin")
        #expect(throws: ReviewError.forbidden(person: "admin", role: .admin, action: .confirm, state: .open)) {
            try fixture.workflow.review.confirm(id, by: admin)
        }
        #expect(throws: ReviewError.forbidden(person: "admin", role: .admin, action: .dismiss, state: .open)) {
            try fixture.workflow.review.dismiss(id, reason: "Spam", by: admin)
        }
        try fixture.workflow.review.confirm(id, by: try fixture.person("anna"))
        #expect(try fixture.workflow.outbox.export(by: admin).map(\.itemID) == [id])
    }

    @Test("the press office may do what staff do")
    func pressActsAsStaff() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        #expect(try fixture.workflow.review.confirm(id, by: try fixture.person("petra")).to == .approved)
    }

    @Test("people are found by name regardless of case; an unknown name lists the team")
    func personLookup() throws {
        let fixture = try WorkflowFixture()
        #expect(try fixture.workflow.person(named: "Petra").role == .press)
        #expect(try fixture.workflow.person(named: " OLAF ").department == "ordnungsamt")
        let team = ["anna", "ben", "petra", "paul", "olaf", "sabine", "admin"]
        #expect(throws: ReviewError.unknownPerson("zoe", known: team)) { try fixture.workflow.person(named: "zoe") }
        #expect(ReviewError.unknownPerson("zoe", known: team).description.contains("BAUSTEIN_USER"))
    }

    @Test("without a team nobody can act, and the message says where to add people")
    func emptyTeam() throws {
        let fixture = try WorkflowFixture { $0.team = [] }
        #expect(throws: ReviewError.noTeam) { try fixture.workflow.person(named: "anna") }
        #expect(ReviewError.noTeam.description.contains("team:"))
    }

    @Test("each role's default queue holds the states it works on")
    func defaultQueues() {
        #expect(ReviewQueue.defaultStates(for: .staff) == [.open, .returned])
        #expect(ReviewQueue.defaultStates(for: .department) == [.forwarded])
        #expect(ReviewQueue.defaultStates(for: .press) == [.confirmed, .edited, .escalated, .drafted])
        #expect(!ReviewQueue.defaultStates(for: .admin).contains(.sent))
    }
}
