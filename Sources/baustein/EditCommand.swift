import ArgumentParser
import BausteinCore

struct EditCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Sendet einen eigenen oder geänderten Text; geht zur Freigabe an die Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "File with the reply text ('-' for standard input).")
    var textFile: String

    @Option(name: .long, help: "Snippet the text is based on (for the diff in the audit trail).")
    var snippet: String?

    @Option(name: .customLong("set"), help: "Value for a per-message placeholder of the snippet, name=value.")
    var values: [String] = []

    func request() throws -> ReviewRequest {
        .edit(text: try readTextFile(textFile), snippetID: snippet, values: try placeholderValues(values))
    }
}
