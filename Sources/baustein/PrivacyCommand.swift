import ArgumentParser
import BausteinCore
import Foundation

/// `baustein privacy`: the data subject's rights for one author, Auskunft (Art. 15) and Löschung (Art. 17).
struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Datenschutz: alles zu einem Absender ausgeben (Auskunft) oder löschen (Löschung).",
        subcommands: [Export.self, Erase.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Gibt alles, was zu einem Absender gespeichert ist, als JSON aus (Art. 15 DSGVO; Pressestelle und admin).")

        @OptionGroup var options: WorkflowOptions

        @Option(name: .long, help: "Name oder Handle der Person, wie die Plattform ihn zeigt, oder ihre Antwortadresse (E-Mail).")
        var author: String

        func run() throws {
            try reportingErrors {
                let workflow = try options.openWorkflow()
                let export = try workflow.retention.privacyExport(author: author, by: try options.person(in: workflow))
                print(try jsonLine(export, pretty: true))
                printError("\(export.messages.count) Anfrage(n) zu diesem Absender.")
            }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Löscht alles zu einem Absender wie die Aufbewahrungsfrist: Texte, Antworten, gelernte Formulierungen (Art. 17 DSGVO).")

        @OptionGroup var options: WorkflowOptions

        @Option(name: .long, help: "Name oder Handle der Person, wie die Plattform ihn zeigt, oder ihre Antwortadresse (E-Mail).")
        var author: String

        @Flag(name: .long, help: "Nur auflisten, was entfernt würde.")
        var dryRun = false

        @Flag(name: .long, help: "Das Ergebnis als JSON ausgeben.")
        var json = false

        func run() throws {
            try reportingErrors {
                let workflow = try options.openWorkflow()
                let report = try workflow.retention.privacyErase(author: author, dryRun: dryRun, by: try options.person(in: workflow))
                if json {
                    print(try jsonLine(report))
                    return
                }
                let ids = report.itemIDs.map { "#\($0)" }.joined(separator: " ")
                let verb = dryRun ? "Würde löschen" : "Gelöscht"
                print("\(verb): \(report.itemIDs.count) Anfrage(n)\(ids.isEmpty ? "" : " (\(ids))"), \(report.learnedPhrasings) gelernte Formulierung(en).")
                if !report.expiredIDs.isEmpty {
                    print("Davon noch offen und damit geschlossen: \(report.expiredIDs.map { "#\($0)" }.joined(separator: " "))")
                }
            }
        }
    }
}
