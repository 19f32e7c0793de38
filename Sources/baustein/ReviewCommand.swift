import ArgumentParser
import BausteinCore
import Foundation

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Bearbeitet offene Anfragen nacheinander: bestätigen, bearbeiten, eskalieren, weiterleiten, schließen.",
        discussion: """
            Tasten: 1–3 Vorschlag senden · b bearbeiten ($EDITOR oder direkt) · e an die Pressestelle eskalieren ·
            w an einen Fachbereich weiterleiten · s schließen (mit Grund) · n überspringen · q beenden.
            Fachbereiche (Rolle department) sehen die an sie weitergeleiteten Anfragen: b Entwurf schreiben.
            Ohne Terminal wird je Eingabezeile das erste Zeichen gelesen (für Skripte).
            """)

    @OptionGroup var options: WorkflowOptions

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            guard person.role != .admin else {
                throw UserError("\(person.name) hat die Rolle admin und bearbeitet keine Anfragen; mit --as eine Person aus Sachbearbeitung oder Pressestelle angeben.")
            }
            let isDepartment = person.role == .department
            let loop = ReviewLoop(workflow: workflow, person: person, states: isDepartment ? [.forwarded] : [.open, .returned])
            // Two lines, so that the menu fits an 80-column terminal.
            let menu =
                isDepartment
                ? "b Entwurf schreiben · n nächste · q beenden · Taste:"
                : "1-3 Vorschlag senden · b bearbeiten · e eskalieren · w weiterleiten\ns schließen · n nächste · q beenden · Taste:"
            let count = try loop.run(showProposals: !isDepartment, menu: menu) { detail, key in
                try handle(key, detail: detail, loop: loop, isDepartment: isDepartment)
            }
            print("\(count) Anfrage(n) bearbeitet.")
        }
    }

    private func handle(_ key: Character, detail: ItemDetail, loop: ReviewLoop, isDepartment: Bool) throws -> ReviewLoop.Step {
        let workflow = loop.workflow
        let person = loop.person
        let id = detail.entry.id
        let revision = detail.entry.revision
        switch key {
        case "1" where !isDepartment, "2" where !isDepartment, "3" where !isDepartment:
            let rank = Int(String(key))!
            guard let proposal = detail.proposals.first(where: { $0.suggestion.rank == rank }) else {
                print("Es gibt keinen Vorschlag \(rank).")
                return .again
            }
            var values: [String: String] = [:]
            for name in proposal.values {
                guard let value = loop.prompt.line("Wert für {{\(name)}}:"), !value.isEmpty else { return .again }
                values[name] = value
            }
            return loop.report(
                try workflow.confirm(id, snippetID: proposal.suggestion.snippetID, values: values, by: person, expectedRevision: revision))
        case "b":
            if isDepartment {
                guard let text = try loop.prompt.text(initial: "") else { return .again }
                return loop.report(try workflow.draft(id, text: text, by: person, expectedRevision: revision))
            }
            let base = detail.entry.abstained ? nil : detail.proposals.first
            guard let text = try loop.prompt.text(initial: base?.reply ?? "") else { return .again }
            return loop.report(
                try workflow.edit(id, text: text, snippetID: base?.suggestion.snippetID, by: person, expectedRevision: revision))
        case "e" where !isDepartment:
            guard let note = loop.note("Notiz für die Pressestelle:") else { return .again }
            return loop.report(try workflow.escalate(id, note: note, by: person, expectedRevision: revision))
        case "w" where !isDepartment:
            let departments = workflow.configuration.departments.keys.sorted()
            guard let department = loop.prompt.line("Fachbereich (\(departments.joined(separator: ", "))):"), !department.isEmpty,
                let note = loop.note("Frage an den Fachbereich:")
            else { return .again }
            return loop.report(try workflow.forward(id, to: department, note: note, by: person, expectedRevision: revision))
        case "s" where !isDepartment:
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
}
