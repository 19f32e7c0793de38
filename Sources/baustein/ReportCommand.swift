import ArgumentParser
import BausteinCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Berichte für die Pressestelle: Wissenslücken, zu prüfende Textbausteine, Servicekennzahlen, HTML.",
        subcommands: [
            GapsReport.self, StaleSnippetsReport.self, ServiceFiguresReport.self, UsageReport.self, PreferenceReport.self, HTMLReportCommand.self,
        ])
}

/// A period like `30d` back from now.
struct Period: ExpressibleByArgument {
    var seconds: TimeInterval
    var text: String

    init?(argument: String) {
        guard let seconds = WorkflowConfiguration.seconds(in: argument) else { return nil }
        self.seconds = seconds
        text = argument
    }

    func start(from now: Date) -> Date { now.addingTimeInterval(-seconds) }
}

/// What every period report takes: the workflow, the period and JSON output.
struct ReportOptions: ParsableArguments {
    @OptionGroup var workflow: WorkflowOptions

    @Option(name: .long, help: "Zeitraum bis heute, z. B. 7d, 30d, 12w.")
    var since = Period(argument: "30d")!

    @Flag(name: .long, help: "Den Bericht als JSON ausgeben.")
    var json = false

    /// Builds the report for the period; with `--json` prints it and returns nil, otherwise returns it for the text form.
    func build<Report: Encodable>(_ make: (Workflow, Date) throws -> Report) throws -> Report? {
        let workflow = try self.workflow.openWorkflow()
        let report = try make(workflow, since.start(from: workflow.clock.now()))
        guard !json else {
            print(try jsonLine(report, pretty: true))
            return nil
        }
        return report
    }
}

struct GapsReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Gruppiert Anfragen ohne passenden Textbaustein (ohne Vorschlag, eskaliert, 'keine passende Antwort', stark bearbeitet).")

    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            let since = report.since
            guard let report = try report.build({ workflow, start in try workflow.reports.gapReport(since: start) }) else { return }
            guard !report.clusters.isEmpty else {
                print("Keine Wissenslücken in den letzten \(since.text).")
                return
            }
            print("\(report.messages) Anfragen in \(report.clusters.count) Gruppen (letzte \(since.text)), größte zuerst:\n")
            let terminal = Terminal.standard
            for (index, cluster) in report.clusters.enumerated() {
                print(terminal.style("\(index + 1). \(cluster.size)× \(cluster.terms.joined(separator: ", "))", .bold))
                for example in cluster.examples { print(terminal.wrap("„\(Terminal.excerpt(example, length: 150))“", indent: 3)) }
                let signals = cluster.sortedSignals.map { "\($0.signal.label) \($0.count)" }
                print("   " + signals.joined(separator: " · "))
                if let closest = cluster.closestSnippet {
                    print("   nächster Textbaustein: \(closest) (\(ItemPrinter.percent(cluster.closestConfidence ?? 0)))")
                }
                print("   Anfragen: " + cluster.itemIDs.map { "#\($0)" }.joined(separator: " "))
                print("")
            }
            print("Neuen Textbaustein aus einer umformulierten Antwort: baustein snippet draft --from ID")
        }
    }
}
