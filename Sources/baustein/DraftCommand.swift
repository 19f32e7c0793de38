import ArgumentParser
import BausteinCore

struct DraftCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "draft", abstract: "Fachbereich: schreibt einen Antwortentwurf für die Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Datei mit dem Antwortentwurf ('-' für die Standardeingabe).")
    var textFile: String

    func request() throws -> ReviewRequest {
        .draft(text: try readTextFile(textFile))
    }
}
