import ArgumentParser
import BausteinCore
import Foundation

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Löscht Text und Absender abgeschlossener Anfragen nach der Aufbewahrungsfrist; Kennzahlen und Protokoll bleiben prüfbar.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Age, e.g. 90d (default: retention in baustein.yaml).")
    var olderThan: Period?

    @Flag(name: .long, help: "Only list what would be removed.")
    var dryRun = false

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            let age = olderThan?.seconds ?? Double(workflow.configuration.retentionDays) * 86_400
            let report = try workflow.purge(olderThan: age, dryRun: dryRun, by: person)
            if json {
                print(try jsonLine(report))
                return
            }
            let ids = report.itemIDs.map { "#\($0)" }.joined(separator: " ")
            if dryRun {
                print("Würde Text und Absender von \(report.itemIDs.count) abgeschlossenen Anfragen vor \(report.cutoff) entfernen\(ids.isEmpty ? "." : ": \(ids)")")
            } else {
                print("Text und Absender von \(report.itemIDs.count) abgeschlossenen Anfragen vor \(report.cutoff) entfernt\(ids.isEmpty ? "." : ": \(ids)")")
            }
        }
    }
}
