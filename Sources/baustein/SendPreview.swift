import BausteinCore

/// Shows what sending a suggestion will do before a person confirms it: the exact text, the channel, the recipient,
/// and whether it goes to the outbox or to the press office.
struct SendPreview {
    var terminal: Terminal

    func describe(_ preview: ConfirmationPreview, isPublic: Bool, unsure: Bool) -> String {
        var out: [String] = []
        if unsure {
            out.append(
                terminal.style(
                    terminal.wrap(
                        "Achtung: Der Abgleich fand keinen Textbaustein, der sicher passt. Nur senden, wenn dieser Text die Frage wirklich beantwortet."),
                    .yellow, .bold))
        }
        var target = "An: \(preview.recipient ?? "(keine Antwortadresse)") über \(preview.channel)"
        if isPublic { target += " (öffentlich sichtbar)" }
        out.append(terminal.style(terminal.wrap(target), .bold))
        var title = "Text (\(preview.text.count) Zeichen, Textbaustein \(preview.snippetID)@\(preview.snippetVersion)"
        if preview.usedShort { title += ", Kurzfassung für \(preview.channel)" }
        out.append(terminal.wrap(title + "):"))
        out.append(terminal.wrap(preview.text, indent: 2))
        out.append(
            preview.needsPress
                ? terminal.style(terminal.wrap("Danach: Freigabe durch die Pressestelle, erst dann in den Postausgang."), .dim)
                : terminal.style(terminal.wrap("Danach: direkt in den Postausgang."), .dim))
        return out.joined(separator: "\n")
    }
}
