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

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, jsonl
    }

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Eingabeformat: text (eine Nachricht je Zeile) oder jsonl; ohne Angabe erkannt.")
    var format: Format?

    @Option(name: .long, help: "Kanal für Zeilen im Textformat.")
    var channel: String = "web"

    @Option(name: .long, help: "Antwortadresse für Zeilen im Textformat (ein Absender); ohne sie lassen sich Antworten nicht zustellen.")
    var replyTo: String?

    @Flag(name: .long, help: "Ein JSON-Objekt je gespeicherter Nachricht ausgeben.")
    var json = false

    /// Exit code when some lines were rejected (EX_DATAERR).
    static let rejectedExitCode: Int32 = 65
    static let batchSize = 200

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let lines = Self.lines(of: data)
            let format = self.format ?? Self.detect(lines)
            var rejected = 0
            var pending: [(line: Int, message: IncomingMessage)] = []
            var stored = 0
            var duplicates = 0
            var withoutAddress = 0
            func flush() throws {
                guard !pending.isEmpty else { return }
                let receipts = try workflow.accept(pending.map(\.message))
                try workflow.matchPending()
                for (entry, receipt) in zip(pending, receipts) {
                    if receipt.duplicate { duplicates += 1 } else { stored += 1 }
                    if !receipt.duplicate, entry.message.replyTo == nil { withoutAddress += 1 }
                    try report(receipt, line: entry.line, workflow: workflow)
                }
                pending.removeAll()
            }
            for (index, bytes) in lines.enumerated() where !Self.isBlank(bytes) {
                do {
                    let message = try parse(bytes, format: format, limit: workflow.configuration.maxMessageBytes)
                    try message.validate(workflow.configuration)
                    pending.append((index + 1, message))
                } catch let error as IntakeError {
                    rejected += 1
                    printError("Zeile \(index + 1): \(error)")
                }
                if pending.count >= Self.batchSize { try flush() }
            }
            try flush()
            printError("\(stored) gespeichert, \(duplicates) bereits vorhanden, \(rejected) abgelehnt.")
            if withoutAddress > 0 {
                printError(
                    "Achtung: \(withoutAddress) Nachricht(en) ohne Antwortadresse: eine Antwort darauf kann nicht zugestellt werden. "
                        + (format == .text ? "Mit --reply-to ADRESSE angeben, wohin geantwortet wird, oder JSON Lines mit reply_to liefern." : "Feld reply_to mitliefern."))
            }
            if rejected > 0 { throw ExitCode(Self.rejectedExitCode) }
        }
    }

    private func parse(_ bytes: ArraySlice<UInt8>, format: Format, limit: Int) throws(IntakeError) -> IncomingMessage {
        // A line far beyond the limit is refused before any parsing.
        if bytes.count > limit * 6 + 4096 { throw .tooLong(bytes: bytes.count, limit: limit) }
        switch format {
        case .jsonl:
            return try IncomingMessage.parse(jsonLine: bytes)
        case .text:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
            return IncomingMessage(channel: channel, text: text.trimmingCharacters(in: .whitespaces), replyTo: replyTo)
        }
    }

    private func report(_ receipt: IntakeReceipt, line: Int, workflow: Workflow) throws {
        let entry = try workflow.entry(receipt.itemID)
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
                        externalID: receipt.externalID, flags: receipt.flags, abstained: entry.abstained, top: entry.top)))
            return
        }
        let id = Terminal.pad("#\(receipt.itemID)", to: 6)
        let channel = Terminal.pad(receipt.channel, to: 10)
        let flags = receipt.flags.isEmpty ? "" : "  [" + receipt.flags.joined(separator: ", ") + "]"
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

    static func lines(of data: Data) -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](data)
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// JSON Lines when the first non-blank line starts with `{`.
    static func detect(_ lines: [ArraySlice<UInt8>]) -> Format {
        guard let first = lines.first(where: { !isBlank($0) }) else { return .text }
        return first.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "{") ? .jsonl : .text
    }
}
