import ArgumentParser
import BausteinCore
import Foundation

struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Löscht nach der Aufbewahrungsfrist alle Texte zu abgeschlossenen und liegengebliebenen Anfragen; Kennzahlen und Protokoll bleiben prüfbar.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Alter, z. B. 90d (Standard: retention in baustein.yaml).")
    var olderThan: Period?

    @Flag(name: .long, help: "Nur auflisten, was entfernt würde.")
    var dryRun = false

    @Flag(name: .long, help: "Das Ergebnis als JSON ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            let age = olderThan?.seconds ?? Double(workflow.configuration.retentionDays) * 86_400
            let report = try workflow.retention.purge(olderThan: age, dryRun: dryRun, by: person)
            if json {
                print(try jsonLine(report))
                return
            }
            let ids = report.itemIDs.map { "#\($0)" }.joined(separator: " ")
            let what = "Text und Absender von \(report.itemIDs.count) Anfragen vor \(report.cutoff)"
            print(dryRun ? "Würde \(what) entfernen\(ids.isEmpty ? "." : ": \(ids)")" : "\(what) entfernt\(ids.isEmpty ? "." : ": \(ids)")")
            if !report.expiredIDs.isEmpty {
                print("Davon unerledigt und damit geschlossen: \(report.expiredIDs.map { "#\($0)" }.joined(separator: " "))")
            }
            print("Gelernte Formulierungen \(dryRun ? "zu entfernen" : "entfernt"): \(report.learnedPhrasings)")
        }
    }
}
