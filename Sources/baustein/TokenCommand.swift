import ArgumentParser
import BausteinCore
import Foundation

/// `baustein token new NAME`: a fresh API token, printed once, and the hash line for `baustein.yaml`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "API-Token für die Server-API verwalten.",
        subcommands: [New.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Erzeugt ein Token für eine Person (tokens:) oder zum Einliefern (intake_tokens:); nur sein Hash gehört in baustein.yaml.")

        @Argument(help: "Name der Person wie in baustein.yaml, oder mit --intake eine Bezeichnung für den Absender (z. B. webformular).")
        var name: String

        @Flag(name: .long, help: "Ein Token, das nur Nachrichten an /webhooks/generic einliefern darf, nicht an der Warteschlange handeln.")
        var intake = false

        @Option(name: .long, help: "Konfigurationsdatei (um zu prüfen, dass NAME im Team steht).")
        var config: String = "baustein.yaml"

        func run() throws {
            try reportingErrors {
                let label: String
                if intake {
                    guard ChannelPolicy.isValidName(name.lowercased()) else {
                        throw UserError("Bezeichnung '\(name)': nur a-z, 0-9 und '-' verwenden (z. B. webformular).")
                    }
                    label = name.lowercased()
                } else {
                    let configuration = try WorkflowConfiguration.load(from: URL(fileURLWithPath: config))
                    guard let member = configuration.member(named: name) else {
                        let known = configuration.team.map(\.name).joined(separator: ", ")
                        throw UserError("'\(name)' steht nicht im Team (\(config)). Bekannt: \(known.isEmpty ? "niemand" : known).")
                    }
                    label = member.name.lowercased()
                }
                var generator = SystemRandomNumberGenerator()
                let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let token = (intake ? "bsi_" : "bst_") + Hex.encode(bytes)
                print("\(intake ? "Intake-Token" : "Token") für \(label) (wird nur jetzt angezeigt; sicher aufbewahren):")
                print("  \(token)")
                print("In \(config) unter '\(intake ? "intake_tokens" : "tokens"):' eintragen:")
                print("  \(label): sha256:\(Hashing.sha256Hex(of: token))")
            }
        }
    }
}
