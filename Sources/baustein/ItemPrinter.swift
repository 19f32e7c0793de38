import BausteinCore
import Foundation

/// Renders queue lines and item details for an 80-column terminal (plain text when not a terminal).
struct ItemPrinter {
    var terminal = Terminal.standard
    var now: Date

    func queueLine(_ entry: QueueEntry) -> String {
        let id = "#\(entry.id)".padding(toLength: 6, withPad: " ", startingAt: 0)
        let channel = entry.channel.padding(toLength: 10, withPad: " ", startingAt: 0)
        let age = Terminal.age(of: entry.receivedAt, now: now).padding(toLength: 13, withPad: " ", startingAt: 0)
        let flags = entry.flags.isEmpty ? "" : "[" + entry.flags.joined(separator: ",") + "]"
        let room = terminal.width - 29 - (flags.isEmpty ? 0 : flags.count + 1)
        var line = id + channel + age + Terminal.excerpt(PersonalDataMask.mask(entry.text), length: max(room, 20))
        if !flags.isEmpty { line += " " + terminal.style(flags, entry.urgent ? .red : .yellow, .bold) }
        var second = "      " + entry.state.label
        if !entry.matched {
            second += " · Vorschläge folgen"
        } else if let top = entry.top, !entry.abstained {
            second += " · → \(top.snippetID) (\(Self.percent(top.confidence)))"
        } else {
            second += " · kein passender Textbaustein"
        }
        if let department = entry.department { second += " · Fachbereich \(department)" }
        if let holder = entry.claimedBy { second += " · in Bearbeitung: \(holder)" }
        return line + "\n" + terminal.style(second, .dim)
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
        out.append(terminal.style(header, .bold))
        if let author = entry.author { out.append("Von: \(author)") }
        if !entry.flags.isEmpty {
            out.append(terminal.style("Hinweise: " + detail.notices.map(\.label).joined(separator: ", "), .yellow, .bold))
        }
        if let note = entry.note { out.append("Notiz: \(note)") }
        out.append("")
        out.append(terminal.wrap(entry.text, indent: 2))
        out.append("")
        if let reply = detail.replyText {
            var title = "Antwort"
            if let snippet = detail.snippetID { title += " (auf Basis von \(snippet)@\(detail.snippetVersion ?? 0))" }
            if let by = detail.preparedBy { title += ", vorbereitet von \(by)" }
            out.append(terminal.style(title + ":", .bold))
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
            out.append("Auf der Plattform: " + String(String.UnicodeScalarView(post.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) })))
            out.append("")
        }
        guard showProposals else { return out.joined(separator: "\n") }
        if !entry.matched {
            out.append("Vorschläge werden noch berechnet.")
        } else if detail.proposals.isEmpty || entry.abstained {
            out.append(
                terminal.style(
                    terminal.wrap("Kein freigegebener Textbaustein passt sicher: selbst schreiben (b), eskalieren (e) oder weiterleiten (w)."),
                    .yellow))
        }
        for proposal in detail.proposals {
            let suggestion = proposal.suggestion
            var title = "[\(suggestion.rank)] \(suggestion.title) · \(suggestion.snippetID) · \(Self.percent(suggestion.confidence))"
            if proposal.approval == .press { title += " · Freigabe nötig" }
            out.append(terminal.style(title, entry.abstained ? .dim : .green, .bold))
            if let reply = proposal.reply, suggestion.rank == 1 {
                out.append(terminal.wrap(reply, indent: 4))
            } else if let reply = proposal.reply {
                // Only the best proposal in full: the others as one line, so that all fit on one screen.
                let body = reply.split(separator: "\n").dropFirst().joined(separator: " ")
                out.append(terminal.style(terminal.wrap(Terminal.excerpt(body, length: 150), indent: 4), .dim))
            } else if let problem = proposal.problem {
                out.append(terminal.wrap(problem, indent: 4))
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    static func percent(_ value: Double) -> String { GermanNumber.percent(value) }
}
