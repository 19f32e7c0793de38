import ArgumentParser
import BausteinCore
import Foundation

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Pressestelle: prüft Antworten nacheinander: freigeben, zurückgeben, neu formulieren, schließen.",
        discussion: """
            Tasten: f freigeben · z mit Notiz zurückgeben · u umschreiben (neu formulieren und freigeben) ·
            s schließen (mit Grund) · n überspringen · q beenden.
            Ohne Terminal wird je Eingabezeile das erste Zeichen gelesen (für Skripte).
            """)

    @OptionGroup var options: WorkflowOptions

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            guard person.role == .press else {
                throw UserError("Freigaben erteilt nur die Pressestelle; \(person.name) hat die Rolle \(person.role.rawValue).")
            }
            let loop = ReviewLoop(workflow: workflow, person: person, states: Workflow.defaultStates(for: .press))
            let count = try loop.run(
                showProposals: true, menu: "f freigeben · z zurückgeben · u umschreiben · s schließen\nn nächste · q beenden · Taste:"
            ) { detail, key in
                let id = detail.entry.id
                let revision = detail.entry.revision
                switch key {
                case "f":
                    return loop.report(try workflow.approve(id, by: person, expectedRevision: revision))
                case "z":
                    guard let note = loop.note("Notiz für die Sachbearbeitung:") else { return .again }
                    return loop.report(try workflow.returnToStaff(id, note: note, by: person, expectedRevision: revision))
                case "u":
                    guard let text = try loop.prompt.text(initial: detail.replyText ?? detail.proposals.first?.reply ?? "") else { return .again }
                    return loop.report(try workflow.rewrite(id, text: text, by: person, expectedRevision: revision))
                case "s":
                    guard let (kind, reason) = loop.dismissal() else { return .again }
                    return loop.report(try workflow.dismiss(id, reason: reason, kind: kind, by: person, expectedRevision: revision))
                case "n":
                    return .next
                case "q":
                    return .quit
                default:
                    print("Unbekannte Taste '\(key)'.")
                    return .again
                }
            }
            print("\(count) Antwort(en) bearbeitet.")
        }
    }
}
