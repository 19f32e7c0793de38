import ArgumentParser
import BausteinCore
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Zeigt das fälschungssichere Protokoll aller Schritte und prüft seine Hash-Kette.",
        subcommands: [AuditList.self, AuditVerify.self, AuditAnchorCommand.self, AuditSeal.self],
        defaultSubcommand: AuditList.self)
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Listet Protokollzeilen, optional für eine Anfrage.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Nur die Zeilen dieser Anfrage.")
    var item: ItemID?

    @Flag(name: .long, help: "Ein JSON-Objekt je Zeile ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let rows = try workflow.auditLog.entries(itemID: item?.value)
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
        commandName: "verify",
        abstract: "Prüft, dass keine Protokollzeile verändert oder gelöscht wurde (Exit-Code 1 sonst); mit --anchor auch gegen einen Anker.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Ein Anker SEQ:HASH, früher von 'baustein audit anchor' ausgegeben.")
    var anchor: String?

    @Flag(name: .long, help: "Das Ergebnis als JSON ausgeben.")
    var json = false

    func validate() throws {
        if let anchor, AuditAnchor(anchor) == nil {
            throw ValidationError("--anchor erwartet SEQ:HASH, wie 'baustein audit anchor' es ausgibt (z. B. 42:9f86…, 64 Hex-Zeichen).")
        }
    }

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let result = try workflow.auditLog.verify(anchor: anchor.flatMap(AuditAnchor.init))
            if json {
                print(try jsonLine(result))
            } else if let problem = result.problem {
                printError("Protokoll beschädigt: \(problem) \(result.rows) Zeilen davor sind intakt.")
            } else {
                let seal = result.keyID.map { "versiegelt mit Schlüssel \($0)" } ?? "nicht versiegelt"
                var line = "Protokoll intakt: \(result.rows) Zeilen, \(seal), letzter Hash \(result.head ?? "-")."
                if result.anchorChecked, let anchor { line += " Anker \(anchor.prefix(12))… passt." }
                print(line)
            }
            if !result.isIntact { throw ExitCode.failure }
        }
    }
}
