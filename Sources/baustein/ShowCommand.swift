import ArgumentParser
import BausteinCore
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Zeigt eine Anfrage mit Vorschlägen, Antwort und Verlauf.")

    @OptionGroup var options: WorkflowOptions

    @Argument(help: "Item number.")
    var id: ItemID

    @Flag(name: .long, help: "Print the item as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            try workflow.matchPending()
            let detail = try workflow.item(id.value, for: try options.optionalPerson(in: workflow))
            if json {
                print(try jsonLine(detail, pretty: true))
                return
            }
            print(ItemPrinter(now: workflow.clock.now()).detail(detail))
            print("Verlauf:")
            for row in detail.history {
                let line = "\(row.at)  \(row.actor) (\(row.role))  \(row.action)  \(row.fromState?.rawValue ?? "-") → \(row.toState?.rawValue ?? "-")"
                print(Terminal.standard.wrap(line + (row.note.map { "  · \($0)" } ?? ""), indent: 2))
            }
        }
    }
}
