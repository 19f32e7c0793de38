import BausteinCore
import Foundation

/// The interactive loop shared by `review` and `approvals`: take the next item nobody else holds, claim it,
/// show it, ask for a key, act, repeat. A refused action is explained and the same item asked again.
struct ReviewLoop {
    enum Step {
        /// Done with this item (acted or skipped).
        case next
        /// Ask again for the same item.
        case again
        /// Leave the loop.
        case quit
    }

    var workflow: Workflow
    var person: TeamMember
    var states: [ReviewState]
    var prompt = Prompt()
    var terminal = Terminal.standard

    /// Runs until the queue is empty or the person quits; returns how many items were acted on.
    func run(showProposals: Bool, menu: String, handle: (ItemDetail, Character) throws -> Step) throws -> Int {
        var skipped: Set<Int64> = []
        var handled = 0
        while true {
            try workflow.matchPending()
            guard let entry = try workflow.nextItem(for: person, states: states, skipping: skipped) else {
                print(handled == 0 ? "Nichts zu tun: keine Anfragen in \(states.map(\.label).joined(separator: ", "))." : "Fertig: keine weiteren Anfragen.")
                return handled
            }
            do {
                _ = try workflow.claim(entry.id, by: person)
            } catch let error as ReviewError {
                print(terminal.style(error.description, .yellow))
                skipped.insert(entry.id)
                continue
            }
            var step = Step.again
            let started = Date()
            while case .again = step {
                let detail = try workflow.item(entry.id)
                print(String(repeating: "─", count: terminal.width))
                print(ItemPrinter(now: workflow.clock.now()).detail(detail, showProposals: showProposals))
                guard let key = prompt.key(terminal.style(menu, .bold)) else {
                    try workflow.release(entry.id, by: person)
                    return handled
                }
                do {
                    step = try handle(detail, key)
                } catch let error as ReviewError {
                    print(terminal.style("Nicht möglich: \(error)", .red))
                    step = .again
                }
            }
            switch step {
            case .quit:
                try workflow.release(entry.id, by: person)
                return handled
            case .next, .again:
                break
            }
            if try workflow.entry(entry.id).state == entry.state {
                try workflow.release(entry.id, by: person)
                skipped.insert(entry.id)
            } else {
                handled += 1
                // Shown once per session: a rewrite under four eyes stays in the press queue, but for a colleague.
                skipped.insert(entry.id)
                // Time at the screen, for the service report's handling time (capped: a forgotten terminal is no work).
                try workflow.recordHandling(entry.id, seconds: min(Date().timeIntervalSince(started), 30 * 60))
            }
        }
    }

    /// Reports an action's outcome.
    func report(_ outcome: ActionOutcome) -> Step {
        print(terminal.style(OutcomeText.describe(outcome), .green))
        return .next
    }

    /// Asks why an item is closed: a number picks a kind (optionally followed by text), anything else is free text.
    func dismissal() -> (kind: DismissalKind, reason: String)? {
        let kinds = DismissalKind.selectable
        let menu = kinds.enumerated().map { "\($0.offset + 1) \($0.element.label)" }.joined(separator: ", ")
        guard let answer = note("Grund (\(menu), oder freier Text):") else { return nil }
        let parts = answer.split(separator: " ", maxSplits: 1)
        if let number = Int(parts[0]), kinds.indices.contains(number - 1) {
            let kind = kinds[number - 1]
            return (kind, parts.count > 1 ? String(parts[1]) : kind.label)
        }
        return (.other, answer)
    }

    /// Asks for a required note; nil when the person leaves it empty (nothing happens then).
    func note(_ question: String) -> String? {
        guard let text = prompt.line(question), !text.isEmpty else {
            print("Abgebrochen.")
            return nil
        }
        return text
    }
}
