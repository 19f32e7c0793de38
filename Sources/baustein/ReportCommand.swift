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

    @Option(name: .long, help: "Period back from now, e.g. 7d, 30d, 12w.")
    var since = Period(argument: "30d")!

    @Flag(name: .long, help: "Print the report as JSON.")
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
            guard let report = try report.build({ workflow, start in try workflow.gapReport(since: start) }) else { return }
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

struct StaleSnippetsReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stale",
        abstract: "Textbausteine mit fälliger Überprüfung, baldigem oder erreichtem Ablauf, oder lange nicht genutzt.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Report snippets whose valid_until falls within this many days.")
    var expiringWithin = 30

    @Option(name: .long, help: "Report snippets not chosen for this many days.")
    var unusedDays = 180

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let report = try workflow.staleReport(expiringWithin: expiringWithin, unusedDays: unusedDays)
            if json {
                print(try jsonLine(report, pretty: true))
                return
            }
            guard !report.entries.isEmpty else {
                print("Alle Textbausteine sind aktuell (Stand \(report.today)).")
                return
            }
            for entry in report.entries {
                print("\(entry.usage.snippetID)  \(entry.usage.title)")
                for reason in entry.reasons { print("   - \(HTMLReport.reasonLabel(reason))") }
            }
            print("\n\(report.entries.count) Textbaustein(e) zu prüfen (Stand \(report.today)).")
        }
    }
}

struct UsageReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Wie oft jeder Textbaustein vorgeschlagen, gewählt und bearbeitet wurde.")

    @OptionGroup var options: WorkflowOptions

    @Flag(name: .long, help: "Print one JSON object per snippet.")
    var json = false

    func run() throws {
        try reportingErrors {
            let usage = try options.openWorkflow().snippetUsage()
            if json {
                for entry in usage { print(try jsonLine(entry)) }
                return
            }
            print("vorgeschlagen  gewählt  bearbeitet  Textbaustein")
            for entry in usage {
                let columns = [entry.suggested, entry.chosen, entry.edited].map { String($0).leftPadded(to: 9) }
                print(columns.joined(separator: "  ") + "  " + entry.snippetID)
            }
        }
    }
}

struct PreferenceReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preference",
        abstract: "Was der Abgleich aus den Entscheidungen gelernt hat: welche Gruppen (Freigabe durch, Schlagwort) das Team wählt oder übergeht.")

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Print the preference as one JSON object.")
    var json = false

    func run() throws {
        try reportingErrors {
            let preference = try database.openKnowledgeBase().groupPreference()
            if json {
                print(try jsonLine(preference))
                return
            }
            guard !preference.groups.isEmpty else {
                print("Noch nichts gelernt: es braucht bestätigte Antworten, bei denen ein anderer Vorschlag übergangen wurde.")
                return
            }
            let weights = MatchWeights()
            print(
                "Faktor: wie viel öfter als im Schnitt das Team einen vorgeschlagenen Textbaustein der Gruppe wählt; "
                    + "der Rang bekommt log(Faktor) × \(GermanNumber.decimal(weights.meaningPreference, digits: 1)) "
                    + "(nur Wörter: × \(GermanNumber.decimal(weights.preference, digits: 1))).")
            print("gewählt  übergangen  Faktor  Gruppe")
            for group in preference.groups {
                print(
                    [String(group.chosen).leftPadded(to: 7), String(group.passedOver).leftPadded(to: 10), group.factor.leftPadded(to: 6), group.label]
                        .joined(separator: "  "))
            }
        }
    }
}

extension GroupPreference.Group {
    /// "Freigabe durch Abfallberatung" or "Schlagwort abfall".
    var label: String { (key.kind == .owner ? "Freigabe durch " : "Schlagwort ") + key.name }
    /// How much more often than average staff take a suggested snippet of the group, e.g. "0,93×".
    var factor: String { GermanNumber.decimal(exp(lift), digits: 2) + "×" }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
