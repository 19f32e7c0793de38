@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Two people never work on the same item: a claim reserves it for a while, and an action based on an outdated
/// view (revision) is refused without changing anything, so nothing is ever sent twice.
@Suite("Claims and concurrent changes")
struct ClaimTests {
    @Test("another person's active claim blocks actions and claims; nothing changes")
    func activeClaimBlocks() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        _ = try fixture.workflow.review.claim(id, by: try fixture.person("anna"))
        let ben = try fixture.person("ben")
        #expect(throws: ReviewError.claimed(by: "anna", until: "2026-11-01T12:15:00Z")) { try fixture.workflow.review.confirm(id, by: ben) }
        #expect(throws: ReviewError.claimed(by: "anna", until: "2026-11-01T12:15:00Z")) { try fixture.workflow.review.claim(id, by: ben) }
        #expect(throws: ReviewError.claimed(by: "anna", until: "2026-11-01T12:15:00Z")) {
            try fixture.workflow.review.dismiss(id, reason: "doppelt", by: ben)
        }
        #expect(try fixture.state(id) == .open)
        #expect(try fixture.workflow.queue.item(id).entry.claimedBy == "anna")
        #expect(ReviewError.claimed(by: "anna", until: "2026-11-01T12:15:00Z").description.contains("anna bearbeitet"))
    }

    @Test("an expired claim no longer blocks")
    func expiredClaim() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        _ = try fixture.workflow.review.claim(id, by: try fixture.person("anna"))
        fixture.clock.advance(by: 15 * 60 + 1)
        #expect(try fixture.workflow.queue.item(id).entry.claimedBy == nil)
        #expect(try fixture.workflow.review.confirm(id, by: try fixture.person("ben")).to == .approved)
    }

    @Test("the claim time comes from rules.claim")
    func configuredClaimTime() throws {
        let fixture = try WorkflowFixture { $0.rules.claimSeconds = 60 }
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        _ = try fixture.workflow.review.claim(id, by: try fixture.person("anna"))
        #expect(throws: ReviewError.claimed(by: "anna", until: "2026-11-01T12:01:00Z")) {
            try fixture.workflow.review.claim(id, by: try fixture.person("ben"))
        }
    }

    @Test("the holder may act on the item, and acting releases the claim")
    func holderActs() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("An wen richte ich eine Presseanfrage?")
        let anna = try fixture.person("anna")
        let revision = try fixture.workflow.review.claim(id, by: anna)
        #expect(revision == 0)
        fixture.clock.advance(by: 60)
        #expect(try fixture.workflow.review.claim(id, by: anna) == 0)  // extends, does not block the holder
        try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: anna, expectedRevision: revision)
        #expect(try fixture.workflow.queue.item(id).entry.claimedBy == nil)
        #expect(try fixture.workflow.review.approve(id, by: try fixture.person("petra")).to == .approved)
    }

    @Test("releasing a claim lets others in; someone else cannot release it")
    func release() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let anna = try fixture.person("anna")
        let ben = try fixture.person("ben")
        _ = try fixture.workflow.review.claim(id, by: anna)
        try fixture.workflow.review.release(id, by: ben)
        #expect(try fixture.workflow.queue.item(id).entry.claimedBy == "anna")
        try fixture.workflow.review.release(id, by: anna)
        #expect(try fixture.workflow.review.confirm(id, by: ben).to == .approved)
    }

    @Test("the next item skips items someone else holds")
    func nextItemSkipsClaimed() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie melde ich Sperrmüll an?")
        let second = try fixture.receive("Wie hoch ist die Hundesteuer?")
        _ = try fixture.workflow.review.claim(first, by: try fixture.person("anna"))
        #expect(try fixture.workflow.queue.nextItem(for: try fixture.person("ben"))?.id == second)
        #expect(try fixture.workflow.queue.nextItem(for: try fixture.person("anna"))?.id == first)
        #expect(try fixture.workflow.queue.nextItem(for: try fixture.person("anna"), skipping: [first])?.id == second)
    }

    @Test("an action based on an outdated revision is refused and changes nothing")
    func revisionMismatch() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let seen = try fixture.revision(id)
        try fixture.workflow.review.escalate(id, note: "Bitte prüfen", by: try fixture.person("ben"))
        let audit = try fixture.workflow.auditLog.entries().count
        #expect(throws: ReviewError.changedMeanwhile(item: id, state: .escalated)) {
            try fixture.workflow.review.returnToStaff(id, note: "Passt so", by: try fixture.person("petra"), expectedRevision: seen)
        }
        #expect(try fixture.state(id) == .escalated)
        #expect(try fixture.workflow.auditLog.entries().count == audit)
        #expect(try fixture.workflow.queue.item(id).entry.note == "Bitte prüfen")
    }

    @Test("each action advances the revision")
    func revisionAdvances() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("An wen richte ich eine Presseanfrage?")
        #expect(try fixture.revision(id) == 0)
        try fixture.workflow.review.confirm(id, snippetID: "presseanfragen", by: try fixture.person("anna"), expectedRevision: 0)
        #expect(try fixture.revision(id) == 1)
        try fixture.workflow.review.approve(id, by: try fixture.person("petra"), expectedRevision: 1)
        #expect(try fixture.revision(id) == 2)
    }

    @Test("the second of two confirmations is refused; the reply is in the outbox once")
    func doubleConfirm() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.confirm(id, by: try fixture.person("anna"))
        #expect(throws: ReviewError.notAllowed(action: .confirm, state: .approved)) {
            try fixture.workflow.review.confirm(id, by: try fixture.person("ben"))
        }
        #expect(try fixture.workflow.outbox.entries(for: nil).count == 1)
    }

    static func copy(_ knowledgeBase: KnowledgeBase, to path: String) throws {
        try knowledgeBase.index.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [path]) }
    }

    @Test("two workflows on one database file racing to confirm: exactly one wins")
    func racingConfirmations() async throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("race.sqlite").path
        let seed = try WorkflowFixture()
        // Copy the seeded in-memory base to a file, then open it twice like two processes would.
        try Self.copy(seed.knowledgeBase, to: path)
        func open() throws -> Workflow {
            try Workflow(
                knowledgeBase: try KnowledgeBase(path: path, clock: TestEnvironment.clock),
                resources: KnowledgeResources(authority: WorkflowFixture.authority), configuration: WorkflowFixture.configuration(),
                triggers: EscalationTriggers())
        }
        let first = try open()
        let second = try open()
        let id = try first.intake.accept([IncomingMessage(channel: "web", text: "Wie melde ich Sperrmüll an?")])[0].itemID
        try first.intake.matchPending()
        let results = await withTaskGroup(of: Bool.self) { group in
            for (workflow, name) in [(first, "anna"), (second, "ben")] {
                group.addTask {
                    (try? workflow.review.confirm(id, by: try workflow.person(named: name), expectedRevision: 0)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        #expect(try first.outbox.entries(for: nil).count == 1)
        #expect(try second.auditLog.entries(itemID: id).filter { $0.action == .review(.confirm) }.count == 1)
        #expect(try second.auditLog.verify().isIntact)
    }
}
