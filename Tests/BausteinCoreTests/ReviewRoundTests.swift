import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// A review session's rules without a screen: the next item is one nobody else holds and is claimed before it is
/// shown, a finished item is counted and not shown again, an untouched one is released, and the last action can be
/// taken back, bringing its item back next.
@Suite("Review round")
struct ReviewRoundTests {
    @Test("two people's rounds never get the same item; finishing counts, skipping releases")
    func twoRounds() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie melde ich Sperrmüll an?")
        let second = try fixture.receive("Mein Personalausweis ist abgelaufen")
        let anna = ReviewRound(desk: LocalReviewDesk(workflow: fixture.workflow, person: try fixture.person("anna")), states: [.open])
        let ben = ReviewRound(desk: LocalReviewDesk(workflow: fixture.workflow, person: try fixture.person("ben")), states: [.open])

        let annas = try #require(try anna.next { _, _ in Issue.record("nothing was taken yet") })
        #expect(annas.entry.id == first)
        #expect(try fixture.workflow.queue.item(first).entry.claimedBy == "anna")
        let bens = try #require(try ben.next { _, _ in })
        #expect(bens.entry.id == second)

        _ = try anna.act(.confirm(snippetID: nil, values: [:], despiteAbstention: false), on: annas.entry)
        try anna.finish(annas)
        #expect(anna.handled == 1)
        // Ben passes: his item is released and not offered to him again in this round.
        try ben.finish(bens)
        #expect(ben.handled == 0)
        #expect(try fixture.workflow.queue.item(second).entry.claimedBy == nil)
        #expect(try ben.next { _, _ in } == nil)
        // Anna's round goes on with the item Ben left.
        let next = try #require(try anna.next { _, _ in })
        #expect(next.entry.id == second)
        try anna.leave(next)
        #expect(try fixture.workflow.queue.item(second).entry.claimedBy == nil)
    }

    @Test("an item claimed by someone else between listing and claiming is told and passed over")
    func takenMeanwhile() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie melde ich Sperrmüll an?")
        let second = try fixture.receive("Mein Personalausweis ist abgelaufen")
        // The other desk claims the first item listed to this round as soon as it is listed.
        final class Racing: ReviewDesk, @unchecked Sendable {
            let inner: LocalReviewDesk
            let rival: LocalReviewDesk
            var raced = false
            init(_ inner: LocalReviewDesk, _ rival: LocalReviewDesk) { (self.inner, self.rival) = (inner, rival) }
            var now: Date { inner.now }
            var session: ReviewSession { inner.session }
            func nextItem(states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry? {
                let entry = try inner.nextItem(states: states, skipping: skipping)
                if let entry, !raced {
                    raced = true
                    try rival.claim(entry.id)
                }
                return entry
            }
            func claim(_ id: Int64) throws { try inner.claim(id) }
            func release(_ id: Int64) throws { try inner.release(id) }
            func detail(_ id: Int64) throws -> ItemDetail { try inner.detail(id) }
            func entry(_ id: Int64) throws -> QueueEntry { try inner.entry(id) }
            func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview {
                try inner.preview(id, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
            }
            func act(_ request: ReviewRequest, on id: Int64, expectedRevision: Int?) throws -> ActionOutcome {
                try inner.act(request, on: id, expectedRevision: expectedRevision)
            }
            func recordHandling(_ id: Int64, seconds: Double) throws { try inner.recordHandling(id, seconds: seconds) }
        }
        let desk = Racing(
            LocalReviewDesk(workflow: fixture.workflow, person: try fixture.person("anna")),
            LocalReviewDesk(workflow: fixture.workflow, person: try fixture.person("ben")))
        var taken: [Int64] = []
        let round = ReviewRound(desk: desk, states: [.open])
        let current = try #require(
            try round.next { entry, refusal in
                taken.append(entry.id)
                #expect(refusal.description.contains("ben bearbeitet"))
            })
        #expect(taken == [first])
        #expect(current.entry.id == second)
    }

    @Test("undo takes the round's last action back and brings its item back next; it no longer counts")
    func undoLast() throws {
        let fixture = try WorkflowFixture()
        let first = try fixture.receive("Wie melde ich Sperrmüll an?")
        _ = try fixture.receive("Mein Personalausweis ist abgelaufen")
        let round = ReviewRound(desk: LocalReviewDesk(workflow: fixture.workflow, person: try fixture.person("anna")), states: [.open])
        #expect(try round.undoLast(current: nil) == nil)
        let current = try #require(try round.next { _, _ in })
        _ = try round.act(.dismiss(reason: "doppelt", kind: .answered), on: current.entry)
        try round.finish(current)
        #expect(round.handled == 1)
        let undone = try #require(try round.undoLast(current: nil))
        #expect(undone.to == .open)
        #expect(round.handled == 0)
        #expect(try round.next { _, _ in }?.entry.id == first)
    }

    @Test("each role gets its screen's states; a role without the screen is refused by the core, wherever the screen runs")
    func screensByRole() throws {
        func session(_ role: Role) -> ReviewSession {
            ReviewSession(member: TeamMember(name: "x", role: role, department: "ordnungsamt"), departments: [], confirmSend: true, claimSeconds: 60)
        }
        #expect(try session(.staff).states(for: .review) == [.open, .returned])
        #expect(try session(.department).states(for: .review) == [.forwarded])
        #expect(try session(.press).states(for: .approvals) == ReviewQueue.defaultStates(for: .press))
        #expect(throws: ReviewError.screenNotForRole(person: "x", role: .admin, screen: .review)) { try session(.admin).states(for: .review) }
        #expect(throws: ReviewError.screenNotForRole(person: "x", role: .staff, screen: .approvals)) {
            try session(.staff).states(for: .approvals)
        }
    }
}
