import ArgumentParser
import BausteinCore
import BausteinServer
import Foundation
import Logging

/// `baustein poll`: asks Mastodon and Telegram once for new messages (for cron, where `baustein serve` polls by itself).
struct PollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "Holt einmal neue Nachrichten von Mastodon und Telegram ab (polling: in baustein.yaml; für cron).",
        discussion: "Tokens aus BAUSTEIN_MASTODON_TOKEN und BAUSTEIN_TELEGRAM_BOT_TOKEN. Exit-Code 1, wenn eine Plattform nicht antwortete.")

    @OptionGroup var options: WorkflowOptions

    func run() async throws {
        let server = try reportingErrors { () throws -> ServerApplication in
            let workflow = try options.openWorkflow()
            guard !workflow.configuration.server.polling.isEmpty else {
                throw UserError("In \(options.configPath) ist kein 'polling:' eingerichtet (mastodon: {base_url: …} oder telegram: {}).")
            }
            var logger = Logger(label: "baustein.poll")
            logger.logLevel = .critical
            return try ServerApplication(workflow: workflow, secrets: .fromEnvironment(ProcessInfo.processInfo.environment), logger: logger)
        }
        var failed = false
        for result in await server.pollNow() {
            switch result {
            case .success(let report):
                print("\(report.source): \(report.stored) neu, \(report.duplicates) bereits vorhanden, \(report.ignored) ohne Text")
            case .failure(let error):
                printError("Fehler: \(error)")
                failed = true
            }
        }
        try reportingErrors { _ = try server.workflow.intake.matchPending() }
        if failed { throw ExitCode.failure }
    }
}

/// `baustein deliver --dry-run`: what native delivery would post where, without posting.
struct DeliverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Zeigt, was die Zustellung (delivery: in baustein.yaml) wohin senden würde, ohne zu senden.")

    @OptionGroup var options: WorkflowOptions

    @Flag(name: .customLong("dry-run"), help: "Zeigen, was wohin gesendet würde (der einzige Modus; gesendet wird von baustein serve).")
    var dryRun = false

    @Flag(name: .long, help: "Ein JSON-Objekt je Antwort ausgeben.")
    var json = false

    func validate() throws {
        guard dryRun else { throw ValidationError("Nur --dry-run: gesendet wird von 'baustein serve'.") }
    }

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            var logger = Logger(label: "baustein.deliver")
            logger.logLevel = .critical
            let server = try ServerApplication(workflow: workflow, secrets: .fromEnvironment(ProcessInfo.processInfo.environment), logger: logger)
            let plans = try server.deliveryPlans(for: try options.optionalPerson(in: workflow))
            if json {
                for plan in plans { print(try jsonLine(plan)) }
                return
            }
            guard !plans.isEmpty else {
                print("Nichts zu senden: keine freigegebenen Antworten auf Kanälen mit Zustellung (delivery:).")
                return
            }
            let terminal = Terminal.standard
            for plan in plans {
                print(terminal.style("#\(plan.itemID) · \(plan.channel) · \(plan.platform) · \(plan.endpoint)", .bold))
                print("  an: \(plan.target)")
                if let problem = plan.problem { print(terminal.style("  wird nicht gesendet: \(problem)", .red)) }
                print(terminal.wrap(plan.text, indent: 2))
                print("")
            }
        }
    }
}
