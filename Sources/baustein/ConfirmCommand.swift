import ArgumentParser
import BausteinCore

struct ConfirmCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "confirm",
        abstract: "Sendet einen Textbaustein unverändert (Platzhalter gefüllt): in den Postausgang oder zur Freigabe.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Snippet id to send (default: the top suggestion).")
    var snippet: String?

    @Option(name: .customLong("set"), help: "Value for a per-message placeholder, name=value (repeatable).")
    var values: [String] = []

    @Flag(name: .long, help: "Send although the matcher found no snippet that fits for sure (after checking the reply).")
    var despiteAbstention = false

    func request() throws -> ReviewRequest {
        .confirm(snippetID: snippet, values: try placeholderValues(values), despiteAbstention: despiteAbstention)
    }
}
