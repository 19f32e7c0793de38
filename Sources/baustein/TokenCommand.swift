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
            abstract: "Erzeugt ein Token für eine Person; nur sein Hash gehört in baustein.yaml (tokens:).")

        @Argument(help: "The team member's name as in baustein.yaml.")
        var name: String

        @Option(name: .long, help: "Configuration file (to check that NAME is on the team).")
        var config: String = "baustein.yaml"

        func run() throws {
            try reportingErrors {
                let configuration = try WorkflowConfiguration.load(from: URL(fileURLWithPath: config))
                guard let member = configuration.member(named: name) else {
                    let known = configuration.team.map(\.name).joined(separator: ", ")
                    throw UserError("'\(name)' steht nicht im Team (\(config)). Bekannt: \(known.isEmpty ? "niemand" : known).")
                }
                var generator = SystemRandomNumberGenerator()
                let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let token = "bst_" + Hex.encode(bytes)
                print("Token für \(member.name) (wird nur jetzt angezeigt; sicher aufbewahren):")
                print("  \(token)")
                print("In \(config) unter 'tokens:' eintragen:")
                print("  \(member.name.lowercased()): sha256:\(SHA256.hex(of: token))")
            }
        }
    }
}
