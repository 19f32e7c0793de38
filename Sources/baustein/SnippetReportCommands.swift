import ArgumentParser
import BausteinCore
import Foundation

struct StaleSnippetsReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stale",
        abstract: "Textbausteine mit fälliger Überprüfung, baldigem oder erreichtem Ablauf, oder lange nicht genutzt.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Textbausteine melden, deren valid_until in so vielen Tagen erreicht ist.")
    var expiringWithin = 30

    @Option(name: .long, help: "Textbausteine melden, die so viele Tage nicht gewählt wurden.")
    var unusedDays = 180

    @Flag(name: .long, help: "Den Bericht als JSON ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let report = try workflow.reports.staleReport(expiringWithin: expiringWithin, unusedDays: unusedDays)
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

    @Flag(name: .long, help: "Ein JSON-Objekt je Textbaustein ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let usage = try options.openWorkflow().reports.snippetUsage()
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
