import ArgumentParser
import BausteinCore

struct EscalateCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "escalate", abstract: "Gibt die Anfrage mit einer Notiz an die Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Was die Pressestelle wissen soll.")
    var note: String

    func request() throws -> ReviewRequest {
        .escalate(note: note)
    }
}
