import ArgumentParser
import BausteinCore
import Foundation

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "Postausgang: freigegebene Antworten auflisten, an die Zustellung übergeben, als gesendet markieren.",
        subcommands: [OutboxList.self, OutboxExport.self, OutboxMarkSent.self, OutboxMarkFailed.self, OutboxRetry.self],
        defaultSubcommand: OutboxList.self)
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Listet freigegebene, übergebene und fehlgeschlagene Antworten.")

    @OptionGroup var options: WorkflowOptions

    @Flag(name: .long, help: "Auch gesendete Antworten auflisten.")
    var sent = false

    @Flag(name: .long, help: "Ein JSON-Objekt je Antwort ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let entries = try workflow.outbox.entries(states: [.approved, .queued, .failed] + (sent ? [.sent] : []), for: try options.optionalPerson(in: workflow))
            if json {
                for entry in entries { print(try jsonLine(entry)) }
                return
            }
            guard !entries.isEmpty else {
                print("Der Postausgang ist leer.")
                return
            }
            let terminal = Terminal.standard
            for entry in entries {
                var header = "#\(entry.itemID) · \(entry.channel) · \(entry.state.label)"
                if let reference = entry.snippetReference { header += " · \(reference)" }
                if let replyTo = entry.replyTo { header += " · an \(replyTo)" }
                print(terminal.style(header, .bold))
                if let error = entry.lastError { print(terminal.style("  Fehler: \(error)", .red)) }
                print(terminal.wrap(entry.text, indent: 2))
                print("")
            }
        }
    }
}

struct OutboxExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Gibt freigegebene Antworten als JSON Lines aus und markiert sie als übergeben (jede genau einmal).",
        discussion: "Jede Zeile: {\"id\", \"channel\", \"reply_to\", \"message_id\", \"text\", \"snippet\": \"id@version\"}.")

    @OptionGroup var options: WorkflowOptions

    @Flag(name: .long, help: "Ausgabe als JSON Lines (das einzige Format; für Skripte).")
    var jsonl = false

    @Option(name: .long, help: "Nur dieser Kanal (mehrfach möglich).")
    var channel: [String] = []

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            let entries = try workflow.outbox.export(channels: channel.isEmpty ? nil : Set(channel), by: person)
            struct Line: Encodable {
                var id: Int64
                var channel: String
                var reply_to: String?
                var message_id: String?
                var text: String
                var snippet: String?
            }
            for entry in entries {
                print(
                    try jsonLine(
                        Line(
                            id: entry.itemID, channel: entry.channel, reply_to: entry.replyTo, message_id: entry.messageID,
                            text: entry.text, snippet: entry.snippetReference)))
            }
            printError("\(entries.count) Antwort(en) an die Zustellung übergeben. Danach: baustein outbox mark-sent ID")
        }
    }
}
