import ArgumentParser
import BausteinCore
import Foundation

struct ApprovalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approvals",
        abstract: "Pressestelle: prüft Antworten nacheinander: freigeben, umschreiben, zurückgeben, schließen, rückgängig.",
        discussion: """
            Tasten: f freigeben · b umschreiben (im Editor ändern und damit freigeben) · z mit Notiz zurückgeben · \
            s schließen (mit Grund) · u letzten Schritt rückgängig · n überspringen · q beenden · ? Hilfe.
            Ohne Terminal wird je Eingabezeile das erste Zeichen gelesen (für Skripte).
            """)

    @OptionGroup var options: WorkflowOptions

    static let menu = KeyMenu([
        ("f", "freigeben"), ("b", "umschreiben"), ("z", "zurückgeben"), ("s", "schließen"), ("u", "rückgängig"), ("n", "nächste"),
        ("q", "beenden"),
    ])

    func run() throws {
        try reportingErrors {
            let desk = try options.desk()
            let loop = ReviewLoop(service: desk, states: try desk.session.states(for: .approvals))
            let count = try loop.run(
                menu: Self.menu,
                // The reply to approve, once; suggestions only where nobody wrote a reply yet (an escalation).
                render: { detail in ItemPrinter(now: loop.service.now).detail(detail, showProposals: detail.replyText == nil) }
            ) { detail, key in
                switch key {
                case "f":
                    guard detail.replyText != nil else {
                        print(loop.terminal.line("#\(detail.entry.id) hat noch keine Antwort: b schreibt eine (und gibt sie frei), z gibt zurück.", .yellow))
                        return .again
                    }
                    return try loop.act(.approve, on: detail)
                case "z":
                    guard let note = loop.note("Notiz für die Sachbearbeitung:") else { return .again }
                    return try loop.act(.returnToStaff(note: note), on: detail)
                case "b":
                    let hints = detail.channelLimit.map { ["Kanal \(detail.entry.channel): höchstens \($0) Zeichen."] } ?? []
                    let initial = detail.replyText ?? detail.proposals.first?.reply ?? detail.proposals.first?.draft ?? ""
                    guard let text = try loop.write(initial, for: detail, hints: hints) else { return .again }
                    return try loop.act(.rewrite(text: text), on: detail)
                default:
                    return .again
                }
            }
            print("\(count) Antwort(en) bearbeitet.")
        }
    }
}
