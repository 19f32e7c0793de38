import ArgumentParser
import BausteinCore

struct RewriteCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "rewrite", abstract: "Pressestelle: formuliert die Antwort selbst neu; unter four_eyes gibt sie eine zweite Person der Pressestelle frei, sonst ist sie damit freigegeben.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Datei mit dem neuen Antworttext ('-' für die Standardeingabe).")
    var textFile: String

    func request() throws -> ReviewRequest {
        .rewrite(text: try readTextFile(textFile))
    }
}
