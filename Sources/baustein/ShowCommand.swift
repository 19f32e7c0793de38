import ArgumentParser
import BausteinCore
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Zeigt eine Anfrage mit Vorschlägen, Antwort und Verlauf.")

    @OptionGroup var options: WorkflowOptions

    @Argument(help: "Nummer der Anfrage.")
    var id: ItemID

    @Flag(name: .long, help: "Die Anfrage als JSON ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let detail: ItemDetail
            let now: Date
            if let client = try options.remote() {
                detail = try client.item(id.value)
                now = Date()
            } else {
                let workflow = try options.openWorkflow()
                detail = try workflow.queue.item(id.value, for: try options.optionalPerson(in: workflow))
                now = workflow.clock.now()
            }
            if json {
                print(try jsonLine(detail, pretty: true))
                return
            }
            print(ItemPrinter(now: now).detail(detail))
            print("Verlauf:")
            for row in detail.history {
                let line = "\(row.at)  \(row.actor) (\(row.role))  \(row.action)  \(row.fromState?.rawValue ?? "-") → \(row.toState?.rawValue ?? "-")"
                print(Terminal.standard.wrap(line + (row.note.map { "  · \($0)" } ?? ""), indent: 2))
            }
        }
    }
}
