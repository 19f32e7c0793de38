import BausteinCore
import Testing

/// The review state machine: every allowed move leads where the workflow issue says, and anything else is a
/// typed error that names the action and the state.
@Suite("Review state")
struct ReviewStateTests {
    struct Move: CustomTestStringConvertible, Sendable {
        var from: ReviewState
        var action: ReviewAction
        var needsPress: Bool
        var to: ReviewState

        init(_ from: ReviewState, _ action: ReviewAction, press needsPress: Bool = false, _ to: ReviewState) {
            (self.from, self.action, self.needsPress, self.to) = (from, action, needsPress, to)
        }

        var testDescription: String { "\(from) --\(action.rawValue)\(needsPress ? " (press)" : "")--> \(to)" }
    }

    static let allowed: [Move] = [
        Move(.open, .confirm, .approved), Move(.open, .confirm, press: true, .confirmed),
        Move(.returned, .confirm, .approved), Move(.returned, .confirm, press: true, .confirmed),
        Move(.open, .edit, .approved), Move(.open, .edit, press: true, .edited),
        Move(.returned, .edit, .approved), Move(.returned, .edit, press: true, .edited),
        Move(.open, .escalate, .escalated), Move(.returned, .escalate, .escalated),
        Move(.open, .forward, .forwarded), Move(.returned, .forward, .forwarded),
        Move(.open, .dismiss, .dismissed), Move(.returned, .dismiss, .dismissed),
        Move(.forwarded, .draft, .drafted), Move(.forwarded, .returnToStaff, .returned),
        Move(.confirmed, .approve, .approved), Move(.edited, .approve, .approved),
        Move(.escalated, .approve, .approved), Move(.drafted, .approve, .approved),
        Move(.confirmed, .returnToStaff, .returned), Move(.edited, .returnToStaff, .returned),
        Move(.escalated, .returnToStaff, .returned), Move(.drafted, .returnToStaff, .returned),
        Move(.confirmed, .rewrite, .approved), Move(.edited, .rewrite, .approved),
        Move(.escalated, .rewrite, .approved), Move(.drafted, .rewrite, .approved),
        // Under the four-eyes rule a rewrite waits for another press member.
        Move(.confirmed, .rewrite, press: true, .edited), Move(.edited, .rewrite, press: true, .edited),
        Move(.escalated, .rewrite, press: true, .edited), Move(.drafted, .rewrite, press: true, .edited),
        Move(.confirmed, .dismiss, .dismissed), Move(.edited, .dismiss, .dismissed),
        Move(.escalated, .dismiss, .dismissed), Move(.drafted, .dismiss, .dismissed),
        Move(.approved, .export, .queued), Move(.queued, .markSent, .sent), Move(.queued, .markFailed, .failed),
        Move(.failed, .retry, .approved),
    ] + ReviewState.allCases.filter { $0.stage != .closed }.map { Move($0, .expire, .dismissed) }

    @Test("every allowed move leads to its state", arguments: allowed)
    func allowedMove(_ move: Move) throws {
        #expect(try move.from.after(move.action, needsPress: move.needsPress) == move.to)
    }

    @Test("press approval only matters for confirm, edit and rewrite", arguments: allowed.filter { ![.confirm, .edit, .rewrite].contains($0.action) })
    func pressFlagIrrelevantElsewhere(_ move: Move) throws {
        #expect(try move.from.after(move.action, needsPress: !move.needsPress) == move.to)
    }

    static let forbidden: [(ReviewState, ReviewAction)] = [
        (.open, .approve), (.open, .rewrite), (.open, .draft), (.open, .export), (.open, .markSent), (.open, .retry),
        (.open, .returnToStaff), (.forwarded, .confirm), (.forwarded, .approve), (.drafted, .draft), (.confirmed, .confirm),
        (.confirmed, .edit), (.escalated, .escalate), (.returned, .approve), (.approved, .approve), (.approved, .confirm),
        (.approved, .markSent), (.approved, .dismiss), (.queued, .export), (.queued, .retry), (.queued, .dismiss),
        (.failed, .markSent), (.failed, .export), (.sent, .retry), (.sent, .markFailed), (.dismissed, .confirm),
        (.dismissed, .approve),
    ]

    @Test("a forbidden move is a typed error naming action and state", arguments: forbidden)
    func forbiddenMove(_ from: ReviewState, _ action: ReviewAction) {
        #expect(throws: ReviewError.notAllowed(action: action, state: from)) { try from.after(action, needsPress: false) }
        #expect(throws: ReviewError.notAllowed(action: action, state: from)) { try from.after(action, needsPress: true) }
    }

    @Test("closed items (sent, dismissed) allow no action at all", arguments: [ReviewState.sent, .dismissed])
    func closedStatesAreFinal(_ state: ReviewState) {
        for action in ReviewAction.allCases {
            #expect(throws: ReviewError.notAllowed(action: action, state: state)) { try state.after(action, needsPress: false) }
        }
        #expect(state.stage == .closed)
    }

    @Test("receiving is never a move between states", arguments: ReviewState.allCases)
    func receiveIsNoTransition(_ state: ReviewState) {
        #expect(throws: ReviewError.notAllowed(action: .receive, state: state)) { try state.after(.receive, needsPress: false) }
    }

    @Test("the table above is complete: no other move is allowed")
    func noUnlistedMoves() {
        let listed = Set(Self.allowed.map { "\($0.from.rawValue) \($0.action.rawValue)" })
        for state in ReviewState.allCases {
            for action in ReviewAction.allCases where !listed.contains("\(state.rawValue) \(action.rawValue)") {
                #expect(throws: ReviewError.self, "\(state) \(action)") { try state.after(action, needsPress: false) }
            }
        }
    }

    @Test("each state says who acts next")
    func stages() {
        #expect(ReviewState.open.stage == .staff && ReviewState.returned.stage == .staff)
        #expect(ReviewState.forwarded.stage == .department)
        #expect([ReviewState.confirmed, .edited, .escalated, .drafted].allSatisfy { $0.stage == .press })
        #expect([ReviewState.approved, .queued, .failed].allSatisfy { $0.stage == .delivery })
    }

    @Test("the refusal message is German and names both")
    func message() {
        let text = ReviewError.notAllowed(action: .approve, state: .open).description
        #expect(text == "'freigeben' ist im Zustand 'offen' nicht möglich.")
    }
}
