import ArgumentParser
import BausteinCore
import Foundation

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Prüft die Textbausteine und meldet jedes Problem als datei:zeile: meldung.")

    @Argument(help: "Ordner mit Textbausteinen.")
    var directory: String = "snippets"

    @Option(name: .long, help: "Ordner mit authority.yaml, synonyms.txt und escalation.txt.")
    var knowledge: String = "knowledge"

    func run() throws {
        try reportingErrors {
            let resources = try KnowledgeResources.load(from: URL(fileURLWithPath: knowledge))
            var library = try SnippetLibrary.load(directory: URL(fileURLWithPath: directory), authority: resources.authority)
            let triggers = try EscalationTriggers.load(from: URL(fileURLWithPath: knowledge).appendingPathComponent("escalation.txt"))
            library.problems += library.unknownCategories(in: triggers, directory: URL(fileURLWithPath: directory))
            for problem in library.problems { print(problem.description) }
            if library.problems.isEmpty {
                print("\(library.snippets.count) Textbausteine geprüft, keine Probleme.")
            } else {
                printError("\(library.problems.count) Problem(e) in \(Set(library.problems.map(\.file)).count) Datei(en).")
                throw ExitCode.failure
            }
        }
    }
}
