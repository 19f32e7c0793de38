import ArgumentParser
import BausteinCore
import Foundation

struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake",
        abstract: "Nimmt Bürgeranfragen von der Standardeingabe an, speichert sie und schlägt Antworten vor.",
        discussion: """
            Eingabe: eine Nachricht je Zeile als Text, oder JSON Lines (--format jsonl, wird erkannt):
            {"id": "…", "channel": "facebook", "author": "…", "text": "…", "received_at": "2026-11-26T09:30:00Z",
             "public": true, "reply_to": "…"}. Dieselbe (channel, id) wird nur einmal gespeichert.
            Fehlerhafte Zeilen werden mit Zeilennummer auf stderr gemeldet, die übrigen gespeichert;
            Exit-Code 65, wenn mindestens eine Zeile abgelehnt wurde.
            """)

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Eingabeformat: text (eine Nachricht je Zeile) oder jsonl; ohne Angabe erkannt.")
    var format: LineIntake.Format?

    @Option(name: .long, help: "Kanal für Zeilen im Textformat.")
    var channel: String = "web"

    @Option(name: .long, help: "Antwortadresse für Zeilen im Textformat (ein Absender); ohne sie lassen sich Antworten nicht zustellen.")
    var replyTo: String?

    @Flag(name: .long, help: "Ein JSON-Objekt je gespeicherter Nachricht ausgeben.")
    var json = false

    /// Exit code when some lines were rejected (EX_DATAERR).
    static let rejectedExitCode: Int32 = 65
    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let intake = LineIntake(format: format, channel: channel, replyTo: replyTo)
            let summary = try intake.run(data, into: workflow) { stored in
                try report(stored)
            } rejected: { line, error in
                printError("Zeile \(line): \(error)")
            }
            printError("\(summary.stored) gespeichert, \(summary.duplicates) bereits vorhanden, \(summary.rejected) abgelehnt.")
            if summary.withoutAddress > 0 {
                printError(
                    "Achtung: \(summary.withoutAddress) Nachricht(en) ohne Antwortadresse: eine Antwort darauf kann nicht zugestellt werden. "
                        + (intake.format(of: data) == .text
                            ? "Mit --reply-to ADRESSE angeben, wohin geantwortet wird, oder JSON Lines mit reply_to liefern."
                            : "Feld reply_to mitliefern."))
            }
            if summary.rejected > 0 { throw ExitCode(Self.rejectedExitCode) }
        }
    }

    private func report(_ stored: LineIntake.Stored) throws {
        let (receipt, entry, line) = (stored.receipt, stored.entry, stored.line)
        // The item's flags after matching: the trigger words' and those found by meaning (EscalationSense).
        let itemFlags = entry.flags
        if json {
            struct Line: Encodable {
                var line: Int
                var id: Int64
                var duplicate: Bool
                var channel: String
                var externalID: String?
                var flags: [String]
                var abstained: Bool
                var top: StoredSuggestion?
                enum CodingKeys: String, CodingKey {
                    case line, id, duplicate, channel, externalID = "external_id", flags, abstained, top
                }
            }
            print(
                try jsonLine(
                    Line(
                        line: line, id: receipt.itemID, duplicate: receipt.duplicate, channel: receipt.channel,
                        externalID: receipt.externalID, flags: itemFlags, abstained: entry.abstained, top: entry.top)))
            return
        }
        let id = Terminal.pad("#\(receipt.itemID)", to: 6)
        let channel = Terminal.pad(receipt.channel, to: 10)
        let flags = itemFlags.isEmpty ? "" : "  [" + itemFlags.joined(separator: ", ") + "]"
        if receipt.duplicate {
            print("\(id)\(channel)bereits gespeichert (id \(receipt.externalID ?? "-"))")
        } else if let top = entry.top, !entry.abstained {
            print("\(id)\(channel)→ \(top.snippetID) (\(GermanNumber.percent(top.confidence)))\(flags)")
        } else if let top = entry.top {
            print("\(id)\(channel)→ kein sicherer Textbaustein (unsicher: \(top.snippetID))\(flags)")
        } else {
            print("\(id)\(channel)→ kein passender Textbaustein\(flags)")
        }
    }
}

extension LineIntake.Format: ExpressibleByArgument {}
