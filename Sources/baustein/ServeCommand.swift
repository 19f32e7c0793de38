import ArgumentParser
import BausteinCore
import BausteinServer
import Foundation
import Logging

/// `baustein serve`: webhooks, queue API, health, metrics and delivery over HTTP until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Startet den Server: Webhooks der Plattformen, Warteschlangen-API, /healthz, /metrics und Zustellung.",
        discussion: """
            Geheimnisse kommen nur aus Umgebungsvariablen: BAUSTEIN_GENERIC_SECRET, BAUSTEIN_MASTODON_SECRET,
            BAUSTEIN_META_APP_SECRET, BAUSTEIN_META_VERIFY_TOKEN, BAUSTEIN_TELEGRAM_SECRET, BAUSTEIN_DELIVERY_SECRET.
            SIGTERM oder SIGINT beenden den Server geordnet: laufende Anfragen werden fertig, dann wird die Datenbank geschlossen.
            """)

    @OptionGroup var options: DatabaseOptions

    @Option(name: .long, help: "Konfigurationsdatei.")
    var config: String = "baustein.yaml"

    @Option(name: .long, help: "Adresse, auf der der Server lauscht (Standard: server.host in baustein.yaml, sonst 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port, auf dem der Server lauscht (Standard: server.port in baustein.yaml, sonst 8080).")
    var port: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error oder critical.")
    var logLevel: String = "info"

    func validate() throws {
        if let port, !(1...65_535).contains(port) { throw ValidationError("--port muss zwischen 1 und 65535 liegen.") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("Unbekannte --log-level '\(logLevel)'.") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "baustein.serve")
        let server = try reportingErrors { () throws -> ServerApplication in
            let workflow = try options.openWorkflow(configurationAt: config)
            return try ServerApplication(
                workflow: workflow, secrets: .fromEnvironment(ProcessInfo.processInfo.environment), host: host, port: port, logger: logger)
        }
        for warning in server.warnings { logger.warning("\(warning)") }
        var failure: String?
        do {
            try await server.application().runService()
        } catch {
            failure = "\(error)"
        }
        try reportingErrors { try server.workflow.knowledgeBase.close() }
        if let failure {
            printError("Fehler: Server beendet (\(failure)).")
            throw ExitCode.failure
        }
        logger.info("server stopped, database closed")
    }
}
