import BausteinCore
import Foundation

/// What each key of `review` does for one item.
struct ReviewKeys {
    let loop: ReviewLoop
    let detail: ItemDetail
    var service: any ReviewDesk { loop.service }
    var terminal: Terminal { loop.terminal }

    func handle(_ key: Character, isDepartment: Bool) throws -> ReviewLoop.Step {
        switch key {
        case "1" where !isDepartment, "2" where !isDepartment, "3" where !isDepartment:
            return try send(rank: Int(String(key))!)
        case "b":
            return try edit(isDepartment: isDepartment)
        case "e" where !isDepartment:
            guard let note = loop.note("Notiz für die Pressestelle:") else { return .again }
            return try loop.act(.escalate(note: note), on: detail)
        case "w" where !isDepartment:
            return try forward()
        default:
            return .again
        }
    }

    /// Sends suggestion `rank` after showing exactly what goes to whom. An unsure suggestion (the matcher abstained)
    /// always needs `j`; a sure one when `review.confirm_send` is on (the default).
    private func send(rank: Int) throws -> ReviewLoop.Step {
        guard let proposal = detail.proposals.first(where: { $0.suggestion.rank == rank }) else {
            print("Es gibt keinen Vorschlag \(rank).")
            return .again
        }
        let unsure = detail.entry.abstained
        var values: [String: String] = [:]
        for name in proposal.values {
            guard let value = loop.prompt.line("Wert für {{\(name)}}:"), !value.isEmpty else { return .again }
            values[name] = value
        }
        let preview = try service.preview(detail.entry.id, snippetID: proposal.suggestion.snippetID, values: values, despiteAbstention: unsure)
        if unsure || service.session.confirmSend {
            print(SendPreview(terminal: terminal).describe(preview, isPublic: detail.isPublic, unsure: unsure))
            let question = preview.needsPress ? "Zur Freigabe an die Pressestelle geben?" : "Jetzt senden (in den Postausgang)?"
            guard loop.prompt.confirm(question) else {
                print("Nicht gesendet.")
                return .again
            }
        }
        return try loop.act(
            .confirm(snippetID: proposal.suggestion.snippetID, values: values, despiteAbstention: unsure), on: detail)
    }

    private func edit(isDepartment: Bool) throws -> ReviewLoop.Step {
        if isDepartment {
            guard let text = try loop.write("", for: detail) else { return .again }
            return try loop.act(.draft(text: text), on: detail)
        }
        let base = detail.entry.abstained ? nil : detail.proposals.first
        var hints = [String]()
        if let limit = detail.channelLimit {
            if base?.reply == nil, let draft = base?.draft, draft.count > limit {
                hints.append("Zu lang für \(detail.entry.channel): \(draft.count) Zeichen, erlaubt sind \(limit). Bitte kürzen.")
            } else {
                hints.append("Kanal \(detail.entry.channel): höchstens \(limit) Zeichen.")
            }
        }
        if detail.greetingName == nil {
            hints.append("Anrede ohne Namen ('Guten Tag,'): den Namen bei Bedarf selbst ergänzen.")
        }
        if let values = base?.values, !values.isEmpty {
            hints.append("Noch auszufüllen: " + values.map { "{{\($0)}}" }.joined(separator: ", "))
        }
        guard let text = try loop.write(base?.reply ?? base?.draft ?? "", for: detail, hints: hints) else { return .again }
        return try loop.act(.edit(text: text, snippetID: base?.suggestion.snippetID, values: [:]), on: detail)
    }

    /// Asks for the department first and checks it, so that a typo never costs the note.
    private func forward() throws -> ReviewLoop.Step {
        let departments = service.session.departments
        guard let department = loop.prompt.line("Fachbereich (\(departments.joined(separator: ", "))):"), !department.isEmpty else {
            print("Abgebrochen.")
            return .again
        }
        guard departments.contains(department) else {
            print(terminal.line("Fachbereich '\(department)' gibt es nicht. Bekannt: \(departments.joined(separator: ", ")).", .yellow))
            return .again
        }
        guard let note = loop.note("Frage an den Fachbereich:") else { return .again }
        return try loop.act(.forward(department: department, note: note), on: detail)
    }
}
