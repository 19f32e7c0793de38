import BausteinCore
import Foundation

/// The interactive loop shared by `review` and `approvals`: take the next item nobody else holds, claim it,
/// show it, ask for a key, act, repeat. A refused action is explained and the same item asked again; `u` takes the
/// session's last action back; however the session ends (q, end of input, Ctrl-C, SIGTERM, SIGHUP) the claimed item
/// is released and the terminal restored.
final class ReviewLoop {
    enum Step {
        /// Done with this item (acted or skipped).
        case next
        /// Ask again for the same item.
        case again
        /// Leave the loop.
        case quit
    }

    let round: ReviewRound
    var service: any ReviewDesk { round.desk }
    var person: TeamMember { service.person }
    let prompt = Prompt()
    var terminal: Terminal { Terminal.standard }
    /// Texts a person wrote that were refused (a placeholder left, too long): offered again on the next edit.
    var unsent: [Int64: String] = [:]

    init(service: any ReviewDesk, states: [ReviewState]) {
        round = ReviewRound(desk: service, states: states)
    }

    /// Runs until the queue is empty or the person quits; returns how many items were acted on.
    func run(menu: KeyMenu, render: (ItemDetail) -> String, handle: (ItemDetail, Character) throws -> Step) throws -> Int {
        let session = TerminalSession.shared
        session.install()
        while true {
            let taken = { (_: QueueEntry, refusal: any Refusal) in print(self.terminal.line(refusal.description, .yellow)) }
            guard let current = try round.next(taken: taken) else {
                let states = round.states.map(\.label).joined(separator: ", ")
                print(terminal.wrap(round.handled == 0 ? "Nichts zu tun: keine Anfragen in \(states)." : "Fertig: keine weiteren Anfragen."))
                // The last action can still be taken back before the session ends.
                guard round.lastActed != nil, prompt.key(terminal.style("u letzten Schritt rückgängig · q beenden · Taste:", .bold)) == "u"
                else { return round.handled }
                do {
                    if let outcome = try round.undoLast(current: nil) {
                        print(terminal.line("Rückgängig gemacht: " + OutcomeText.describe(outcome), .green))
                    }
                } catch let error as any Refusal {
                    print(terminal.line("Nicht möglich: \(error)", .red))
                    return round.handled
                }
                continue
            }
            let id = current.entry.id
            let service = self.service
            let cleanup = session.add {
                try? service.release(id)
                print("Reservierung von #\(id) aufgehoben.")
            }
            defer { session.remove(cleanup) }
            var step = Step.again
            while case .again = step {
                let detail = try service.detail(id)
                print(terminal.style(String(repeating: "─", count: terminal.width), .dim))
                print(render(detail))
                guard let key = prompt.key(menu.prompt(terminal)) else {
                    try round.leave(current)
                    return round.handled
                }
                do {
                    switch key {
                    case "u":
                        step = try undoLast(current: id)
                    case "?":
                        print(menu.unknown("?").replacingOccurrences(of: "Unbekannte Taste '?'. Möglich", with: "Tasten"))
                        step = .again
                    case _ where !menu.contains(key):
                        print(terminal.line(menu.unknown(key), .yellow))
                        step = .again
                    // The same on every screen that offers them: skip, quit, close with a reason.
                    case "n":
                        step = .next
                    case "q":
                        step = .quit
                    case "s":
                        guard let (kind, reason) = dismissal() else { step = .again; break }
                        step = try act(.dismiss(reason: reason, kind: kind), on: detail)
                    default:
                        step = try handle(detail, key)
                    }
                } catch let error as any Refusal {
                    print(terminal.line("Nicht möglich: \(error)", .red))
                    step = .again
                }
            }
            if case .quit = step {
                try round.leave(current)
                return round.handled
            }
            try round.finish(current)
        }
    }

    /// Runs an action on the item and reports its outcome; the action becomes the one `u` takes back.
    func act(_ request: ReviewRequest, on detail: ItemDetail) throws -> Step {
        let outcome = try round.act(request, on: detail.entry)
        unsent[detail.entry.id] = nil
        print(terminal.line(OutcomeText.describe(outcome), .green))
        print(terminal.line("Rückgängig: u (solange die Antwort nicht exportiert ist).", .dim))
        return .next
    }

    /// Takes back this session's last action; the item it concerned is shown next.
    private func undoLast(current: Int64) throws -> Step {
        guard let outcome = try round.undoLast(current: current) else {
            print(terminal.line("In dieser Sitzung gibt es noch nichts rückgängig zu machen (sonst: baustein undo ID).", .yellow))
            return .again
        }
        print(terminal.line("Rückgängig gemacht: " + OutcomeText.describe(outcome), .green))
        // The undone item comes next (ReviewRound reopens it), unless it is the one on the screen.
        return outcome.itemID == current ? .again : .next
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

    /// Lets the person write or change a reply, starting from `initial` (or from their refused text for this item).
    func write(_ initial: String, for detail: ItemDetail, hints: [String] = []) throws -> String? {
        let start = unsent[detail.entry.id] ?? initial
        guard let text = try prompt.text(initial: start, hints: hints) else {
            print("Nichts geändert.")
            return nil
        }
        // Kept until an action succeeds: a refused text (placeholder left, too long) is not lost.
        unsent[detail.entry.id] = text
        return text
    }
}
