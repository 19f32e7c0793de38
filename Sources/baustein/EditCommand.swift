import ArgumentParser
import BausteinCore

struct EditCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Sendet einen eigenen oder geänderten Text; geht zur Freigabe an die Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Datei mit dem Antworttext ('-' für die Standardeingabe).")
    var textFile: String

    @Option(name: .long, help: "Textbaustein, auf dem der Text beruht (für den Vergleich im Protokoll).")
    var snippet: String?

    @Option(name: .customLong("set"), help: "Wert für einen Platzhalter des Textbausteins je Nachricht, name=wert.")
    var values: [String] = []

    func request() throws -> ReviewRequest {
        .edit(text: try readTextFile(textFile), snippetID: snippet, values: try placeholderValues(values))
    }
}
