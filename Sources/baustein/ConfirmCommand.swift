import ArgumentParser
import BausteinCore

struct ConfirmCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Sendet einen Textbaustein unverändert (Platzhalter gefüllt): in den Postausgang oder zur Freigabe.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Kennung des zu sendenden Textbausteins (Standard: der erste Vorschlag).")
    var snippet: String?

    @Option(name: .customLong("set"), help: "Wert für einen Platzhalter je Nachricht, name=wert (mehrfach möglich).")
    var values: [String] = []

    @Flag(name: .long, help: "Senden, obwohl der Abgleich keinen sicher passenden Textbaustein fand (nachdem die Antwort geprüft wurde).")
    var despiteAbstention = false

    func request() throws -> ReviewRequest {
        .confirm(snippetID: snippet, values: try placeholderValues(values), despiteAbstention: despiteAbstention)
    }
}
