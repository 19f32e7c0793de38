import ArgumentParser
import BausteinCore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Zeigt das fälschungssichere Protokoll aller Schritte und prüft seine Hash-Kette.",
        subcommands: [AuditList.self, AuditVerify.self],
        defaultSubcommand: AuditList.self)
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Listet Protokollzeilen, optional für eine Anfrage.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Only the rows of this item.")
    var item: ItemID?

    @Flag(name: .long, help: "Print one JSON object per row.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let rows = try workflow.auditTrail(itemID: item?.value)
            if json {
                for row in rows { print(try jsonLine(row)) }
                return
            }
            let terminal = Terminal.standard
            var lastText: [Int64: String] = [:]
            for row in rows {
                var line = "\(row.seq)  \(row.at)  \(row.actor) (\(row.role))  \(row.action)"
                if let itemID = row.itemID { line += "  #\(itemID)" }
                if let from = row.fromState { line += "  \(from) →" }
                if let to = row.toState { line += " \(to)" }
                if let snippet = row.snippetID { line += "  \(snippet)@\(row.snippetVersion ?? 0)" }
                print(terminal.style(line, .bold))
                if let note = row.note { print("    Notiz: \(note)") }
                if let diff = row.diff { print("    Änderung: \(diff)") }
                if let text = row.text, let itemID = row.itemID {
                    // The same reply moving through export and delivery is shown once.
                    print(lastText[itemID] == text ? "    (Text unverändert)" : terminal.wrap(text, indent: 4))
                    lastText[itemID] = text
                }
            }
        }
    }
}

struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Prüft, dass keine Protokollzeile verändert oder gelöscht wurde (Exit-Code 1 sonst).")

    @OptionGroup var options: WorkflowOptions

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let result = try workflow.verifyAudit()
            if json {
                print(try jsonLine(result))
            } else if let problem = result.problem {
                printError("Protokoll beschädigt: \(problem) \(result.rows) Zeilen davor sind intakt.")
            } else {
                print("Protokoll intakt: \(result.rows) Zeilen, letzter Hash \(result.head ?? "-").")
            }
            if !result.isIntact { throw ExitCode.failure }
        }
    }
}
