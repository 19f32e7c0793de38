import ArgumentParser
import BausteinCore
import Foundation

/// What every workflow command needs: the database, `baustein.yaml`, the knowledge folder and who is acting.
struct WorkflowOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Konfigurationsdatei (Standard: $BAUSTEIN_CONFIG oder baustein.yaml).")
    var config: String?

    @Option(name: .customLong("as"), help: "Handelnde Person im Team (Standard: $BAUSTEIN_USER); siehe team in baustein.yaml.")
    var actor: String?

    var configPath: String {
        config ?? ProcessInfo.processInfo.environment["BAUSTEIN_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? "baustein.yaml"
    }

    func openWorkflow() throws -> Workflow {
        try database.openWorkflow(configurationAt: configPath)
    }

    /// The name asked for with `--as` or `BAUSTEIN_USER`.
    var requestedActor: String? {
        actor ?? ProcessInfo.processInfo.environment["BAUSTEIN_USER"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The person acting: under `identity: unix` the member mapped to the calling account (`--as` only for admins),
    /// under `trust-cli` the one named with `--as` or `BAUSTEIN_USER`.
    func person(in workflow: Workflow) throws -> TeamMember {
        try workflow.configuration.localActor(requested: requestedActor, caller: .current, required: true, file: configPath)!
    }

    /// The person acting if one is known (always under `identity: unix`); nil for an unscoped read under `trust-cli`.
    func optionalPerson(in workflow: Workflow) throws -> TeamMember? {
        try workflow.configuration.localActor(requested: requestedActor, caller: .current, required: false, file: configPath)
    }
}

extension LocalCaller {
    /// The account running this process: the real uid, not the effective one, so that a set-uid wrapper cannot change
    /// who is recorded.
    static var current: LocalCaller {
        let uid = getuid()
        return LocalCaller(uid: uid, userName: DeploymentCheck.userName(uid))
    }
}

/// An item number as typed by people: `12` or `#12`.
struct ItemID: ExpressibleByArgument {
    var value: Int64

    init?(argument: String) {
        let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
        guard let value = Int64(digits), value > 0 else { return nil }
        self.value = value
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// Reads a reply text from a file, or from standard input for `-`.
func readTextFile(_ path: String) throws -> String {
    let data: Data
    if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw UserError("Datei \(path) nicht lesbar; Pfad prüfen (oder '-' für die Standardeingabe).")
        }
        data = contents
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw UserError("\(path) ist kein UTF-8-Text; als UTF-8 speichern.")
    }
    return text
}

/// Parses `--set name=value` pairs.
func placeholderValues(_ pairs: [String]) throws -> [String: String] {
    var values: [String: String] = [:]
    for pair in pairs {
        guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
            throw UserError("--set erwartet name=wert, nicht '\(pair)'.")
        }
        values[String(pair[..<equals]).trimmingCharacters(in: .whitespaces)] = String(pair[pair.index(after: equals)...])
    }
    return values
}

extension DismissalKind: ExpressibleByArgument {}
