import BausteinCore
import Foundation

/// Renders queue lines and item details for the terminal's width (plain text when not a terminal). Text from outside
/// is made harmless when it is printed (``Console``).
struct ItemPrinter {
    var terminal = Terminal.standard
    var now: Date

    func queueLine(_ entry: QueueEntry) -> String {
        let id = Terminal.pad("#\(entry.id)", to: 6)
        let channel = Terminal.pad(entry.channel, to: 10)
        let age = Terminal.pad(Terminal.age(of: entry.receivedAt, now: now), to: 13)
        let flags = entry.flags.isEmpty ? "" : "[" + entry.flags.joined(separator: ",") + "]"
        let room = terminal.width - 29 - (flags.isEmpty ? 0 : Terminal.displayWidth(flags) + 1)
        var line = id + channel + age + Terminal.excerpt(PersonalDataMask.mask(entry.text), length: max(room, 20))
        if !flags.isEmpty { line += " " + terminal.style(flags, entry.urgent ? .red : .yellow, .bold) }
        var second = entry.state.label
        if !entry.matched {
            second += " · Vorschläge folgen"
        } else if let top = entry.top, !entry.abstained {
            second += " · → \(top.snippetID) (\(Self.percent(top.confidence)))"
        } else if let top = entry.top {
            second += " · kein sicherer Textbaustein (unsicher: \(top.snippetID))"
        } else {
            second += " · kein passender Textbaustein"
        }
        if let department = entry.department { second += " · Fachbereich \(department)" }
        if let holder = entry.claimedBy { second += " · in Bearbeitung: \(holder)" }
        return line + "\n" + terminal.style(terminal.wrap(second, indent: 6), .dim)
    }

    func detail(_ detail: ItemDetail, showProposals: Bool = true) -> String {
        var out: [String] = []
        for notice in detail.notices where notice.text != nil {
            out.append(terminal.style(" \(notice.label.uppercased()) ", .inverseRed))
            out.append(terminal.style(terminal.wrap(notice.text ?? ""), .red, .bold))
            out.append("")
        }
        let entry = detail.entry
        var header = "#\(entry.id) · \(entry.channel)"
        if detail.isPublic { header += " (öffentlich)" }
        header += " · \(Terminal.age(of: entry.receivedAt, now: now)) · \(entry.state.label)"
        out.append(terminal.style(terminal.wrap(header), .bold))
        if let author = entry.author { out.append(terminal.wrap("Von: \(SafeText.visible(author, keepingLineBreaks: false))")) }
        if let replyTo = detail.replyTo, replyTo != entry.author {
            out.append(terminal.wrap("Antwort an: \(SafeText.visible(replyTo, keepingLineBreaks: false))"))
        }
        if !entry.flags.isEmpty {
            // A flag set by meaning says so: staff weigh it (the audit trail has by how much).
            let labels = detail.notices.map { $0.byMeaning == true ? "\($0.label) (nach Bedeutung)" : $0.label }
            out.append(terminal.style(terminal.wrap("Hinweise: " + labels.joined(separator: ", ")), .yellow, .bold))
        }
        if let note = entry.note { out.append(terminal.wrap("Notiz: \(note)")) }
        out.append("")
        out.append(terminal.wrap(entry.text, indent: 2))
        out.append("")
        if let reply = detail.replyText {
            var title = "Antwort"
            if let snippet = detail.snippetID { title += " (auf Basis von \(snippet)@\(detail.snippetVersion ?? 0))" }
            if let by = detail.preparedBy { title += ", vorbereitet von \(by)" }
            out.append(terminal.style(terminal.wrap(title + ":"), .bold))
            out.append(terminal.wrap(reply, indent: 2))
            if let diff = detail.history.last(where: { $0.diff != nil })?.diff {
                out.append(terminal.style("Änderungen gegenüber dem Textbaustein:", .dim))
                out.append(terminal.wrap(diff, indent: 2))
            }
            out.append("")
        }
        if detail.postID != nil || detail.postURL != nil {
            // What the platform answered: shown without control characters, whatever it sent.
            let post = [detail.postID.map { "Beitrag \($0)" }, detail.postURL].compactMap { $0 }.joined(separator: " · ")
            out.append(
                "Auf der Plattform: "
                    + String(String.UnicodeScalarView(post.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })))
            out.append("")
        }
        guard showProposals else { return out.joined(separator: "\n") }
        if !entry.matched {
            out.append("Vorschläge werden noch berechnet.")
        } else if detail.proposals.isEmpty {
            out.append(
                terminal.style(
                    terminal.wrap("Kein freigegebener Textbaustein passt: selbst schreiben (b), eskalieren (e) oder weiterleiten (w)."), .yellow))
        } else if entry.abstained {
            out.append(
                terminal.style(
                    terminal.wrap(
                        "Kein freigegebener Textbaustein passt sicher. Die Vorschläge unten sind unsicher: nur nach Prüfung senden (fragt nach), "
                            + "sonst selbst schreiben (b), eskalieren (e) oder weiterleiten (w)."),
                    .yellow))
        }
        for proposal in detail.proposals {
            out.append(contentsOf: lines(for: proposal, abstained: entry.abstained, channel: entry.channel))
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// One suggestion: its title with the confidence (or "unsicher" when the matcher abstained, so that no
    /// percentage contradicts it), then exactly the text that would go out on this channel.
    private func lines(for proposal: ItemDetail.Proposal, abstained: Bool, channel: String) -> [String] {
        let suggestion = proposal.suggestion
        let sureness = abstained ? "unsicher" : Self.percent(suggestion.confidence)
        var title = "[\(suggestion.rank)] \(suggestion.title) · \(suggestion.snippetID) · \(sureness)"
        if proposal.approval == .press { title += " · Freigabe nötig" }
        if proposal.usedShort { title += " · Kurzfassung für \(channel)" }
        var out = [terminal.style(terminal.wrap(title), abstained ? .yellow : .green, .bold)]
        if let reply = proposal.reply, suggestion.rank == 1 {
            out.append(terminal.wrap(reply, indent: 4))
        } else if let reply = proposal.reply {
            // Only the best proposal in full: the others as one line (without the greeting), so that all fit on one screen.
            let paragraphs = reply.split(separator: "\n", omittingEmptySubsequences: true)
            let body = paragraphs.count > 1 ? paragraphs.dropFirst().joined(separator: " ") : reply
            out.append(terminal.style(terminal.wrap(Terminal.excerpt(body, length: 150), indent: 4), .dim))
        } else if let problem = proposal.problem {
            out.append(terminal.wrap(problem, indent: 4))
        }
        return out
    }

    static func percent(_ value: Double) -> String { GermanNumber.percent(value) }
}
