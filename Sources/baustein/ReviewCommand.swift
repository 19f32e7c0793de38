import ArgumentParser
import BausteinCore
import Foundation

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Bearbeitet offene Anfragen nacheinander: senden, bearbeiten, eskalieren, weiterleiten, schließen, rückgängig.",
        discussion: """
            Tasten: 1-3 Vorschlag senden (zeigt Text und Empfänger, sendet erst nach j) · b bearbeiten ($VISUAL/$EDITOR, \
            sonst direkt) · e an die Pressestelle eskalieren · w an einen Fachbereich weiterleiten · s schließen (mit Grund) · \
            u letzten Schritt rückgängig · n überspringen · q beenden · ? Hilfe.
            Fachbereiche (Rolle department) sehen die an sie weitergeleiteten Anfragen: b Entwurf schreiben.
            Ohne Terminal wird je Eingabezeile das erste Zeichen gelesen (für Skripte).
            """)

    @OptionGroup var options: WorkflowOptions

    static let staffMenu = KeyMenu([
        ("1-3", "senden"), ("b", "bearbeiten"), ("e", "eskalieren"), ("w", "weiterleiten"), ("s", "schließen"), ("u", "rückgängig"),
        ("n", "nächste"), ("q", "beenden"),
    ])
    static let departmentMenu = KeyMenu([("b", "Entwurf schreiben"), ("u", "rückgängig"), ("n", "nächste"), ("q", "beenden")])

    func run() throws {
        try reportingErrors {
            let desk = try options.desk()
            let states = try desk.session.states(for: .review)
            let isDepartment = desk.person.role == .department
            let loop = ReviewLoop(service: desk, states: states)
            let count = try loop.run(
                menu: isDepartment ? Self.departmentMenu : Self.staffMenu,
                render: { detail in ItemPrinter(now: loop.service.now).detail(detail, showProposals: !isDepartment) }
            ) { detail, key in
                try ReviewKeys(loop: loop, detail: detail).handle(key, isDepartment: isDepartment)
            }
            print("\(count) Anfrage(n) bearbeitet.")
        }
    }
}
