import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// The audit trail: one row per action with who, in which role, from which state to which, and the exact
/// text; rows are hash-chained, so that a row changed or deleted behind Baustein's back is found and named.
@Suite("Audit trail")
struct AuditTrailTests {
    /// A full path through the workflow: intake, confirm (press snippet), approve, export, mark-sent.
    static func history(_ fixture: WorkflowFixture) throws -> Int64 {
        let id = try fixture.receive("An wen richte ich eine Presseanfrage?")
        try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: try fixture.person("anna"))
        try fixture.workflow.review.approve(id, by: try fixture.person("petra"))
        let admin = try fixture.person("admin")
        _ = try fixture.workflow.outbox.export(by: admin)
        try fixture.workflow.outbox.markSent(id, by: admin)
        return id
    }

    @Test("every action appends a row with actor, role, from → to and the text")
    func rowPerAction() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.history(fixture)
        let rows = try fixture.workflow.auditLog.entries(itemID: id)
        #expect(rows.map(\.action.rawValue) == ["receive", "confirm", "approve", "export", "mark-sent"])
        #expect(rows.map(\.actor) == ["intake", "anna", "petra", "admin", "admin"])
        #expect(rows.map(\.role.rawValue) == ["system", "staff", "press", "admin", "admin"])
        #expect(rows.map(\.fromState) == [nil, .open, .confirmed, .approved, .queued])
        #expect(rows.map(\.toState) == [.open, .confirmed, .approved, .queued, .sent])
        #expect(rows.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(rows.allSatisfy { $0.at == "2026-11-01T12:00:00Z" && $0.itemID == id })
        let reply = "Presseanfragen beantwortet die Pressestelle der Stadt Musterstadt unter presse@musterstadt.example."
        #expect(rows[1...].allSatisfy { $0.text == reply })
    }

    @Test("a reply's rows show the snippet id and version it was built on")
    func snippetVersionInRows() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.history(fixture)
        let rows = try fixture.workflow.auditLog.entries(itemID: id).dropFirst()
        #expect(rows.allSatisfy { $0.snippetID == "presseanfragen" && $0.snippetVersion == 1 })
    }

    @Test("the intake row keeps a hash of the citizen's text, not the text")
    func intakeRowHashesText() throws {
        let fixture = try WorkflowFixture()
        let text = "Mein Name ist Erika Mustermann, wie melde ich Sperrmüll an?"
        let id = try fixture.receive(text)
        let row = try #require(try fixture.workflow.auditLog.entries(itemID: id).first)
        #expect(row.messageHash == Hashing.sha256Hex(of: text))
        #expect(row.text == nil)
        #expect(row.note?.contains("Erika") != true)
    }

    @Test("an untouched trail verifies; an empty one too")
    func intact() throws {
        let fixture = try WorkflowFixture()
        let empty = try fixture.workflow.auditLog.verify()
        #expect(empty.isIntact && empty.rows == 0 && empty.head == nil)
        _ = try Self.history(fixture)
        let result = try fixture.workflow.auditLog.verify()
        #expect(result.isIntact)
        #expect(result.rows == 5)
        #expect(try result.head == fixture.workflow.auditLog.entries().last?.hash)
    }

    @Test("changing a row's text in SQLite is found and the row is named")
    func alteredText() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("UPDATE audit SET text = 'Wir antworten nicht.' WHERE seq = 3")
        let result = try fixture.workflow.auditLog.verify()
        #expect(result.problem == .altered(seq: 3))
        #expect(result.rows == 2)
        #expect(result.problem?.description == "Zeile 3 wurde verändert (Hash passt nicht mehr zum Inhalt).")
    }

    @Test("blanking a row's text outside retention is found; the same after a purge is not")
    func blankedText() throws {
        let fixture = try WorkflowFixture()
        let id = try Self.history(fixture)
        try fixture.tamper("UPDATE audit SET text = NULL WHERE seq = 3")
        #expect(try fixture.workflow.auditLog.verify().problem == .altered(seq: 3))
        try fixture.tamper("UPDATE message SET purgedAt = '2026-11-01T12:00:00Z' WHERE id = \(id)")
        #expect(try fixture.workflow.auditLog.verify().isIntact)
    }

    @Test("changing who acted is found as well", arguments: ["actor = 'paul'", "role = 'admin'", "toState = 'dismissed'", "snippetVersion = 2", "at = '2026-10-01T00:00:00Z'"])
    func alteredFields(_ change: String) throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("UPDATE audit SET \(change) WHERE seq = 2")
        #expect(try fixture.workflow.auditLog.verify().problem == .altered(seq: 2))
    }

    @Test("a row rewritten with a fresh hash of its own breaks the chain at the next row")
    func rehashedRow() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("UPDATE audit SET hash = ? WHERE seq = 2", [String(repeating: "a", count: 64)])
        let problem = try fixture.workflow.auditLog.verify().problem
        #expect(problem == .altered(seq: 2) || problem == .brokenLink(seq: 3))
    }

    @Test("deleting a middle row is reported as missing")
    func deletedMiddleRow() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("DELETE FROM audit WHERE seq = 3")
        #expect(try fixture.workflow.auditLog.verify().problem == .missing(seq: 3))
    }

    @Test("deleting the first row is reported as missing")
    func deletedFirstRow() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("DELETE FROM audit WHERE seq = 1")
        #expect(try fixture.workflow.auditLog.verify().problem == .missing(seq: 1))
    }

    @Test("deleting the last row is detected through the recorded head")
    func deletedLastRow() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("DELETE FROM audit WHERE seq = 5")
        let result = try fixture.workflow.auditLog.verify()
        #expect(!result.isIntact)
        #expect(result.problem == .missing(seq: 5))
    }

    @Test("deleting every row is detected too")
    func deletedAllRows() throws {
        let fixture = try WorkflowFixture()
        _ = try Self.history(fixture)
        try fixture.tamper("DELETE FROM audit")
        #expect(try fixture.workflow.auditLog.verify().problem == .missing(seq: 1))
    }

    @Test("a refused action leaves no row")
    func refusedActionNoRow() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        #expect(throws: ReviewError.self) { try fixture.workflow.review.approve(id, by: try fixture.person("petra")) }
        #expect(throws: ReviewError.self) { try fixture.workflow.review.escalate(id, note: "", by: try fixture.person("anna")) }
        #expect(try fixture.workflow.auditLog.entries().count == 1)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
    }

    @Test("the trail of one item leaves out the others")
    func perItem() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie melde ich Sperrmüll an?")
        let second = try fixture.receive("Wie hoch ist die Hundesteuer?")
        try fixture.workflow.review.dismiss(second, reason: "doppelt", by: try fixture.person("anna"))
        #expect(try fixture.workflow.auditLog.entries(itemID: first).count == 1)
        #expect(try fixture.workflow.auditLog.entries(itemID: second).map(\.action.rawValue) == ["receive", "dismiss"])
        #expect(try fixture.workflow.queue.item(second).history.map(\.action.rawValue) == ["receive", "dismiss"])
        #expect(try fixture.workflow.auditLog.entries().count == 3)
    }

    @Test("a row whose action or state this version does not know (a newer database) is refused, not read as something else")
    func unknownStoredValues() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.tamper("UPDATE audit SET action = 'archive' WHERE itemId = ?", [id])
        #expect(caught { try fixture.workflow.auditLog.entries(itemID: id) } != nil)
        try fixture.tamper("UPDATE audit SET action = 'receive' WHERE itemId = ?", [id])
        try fixture.tamper("UPDATE item SET state = 'archived' WHERE id = ?", [id])
        #expect(caught { try fixture.workflow.queue.item(id) } != nil)
        #expect(caught { try fixture.workflow.queue.entry(id) } != nil)
    }
}
