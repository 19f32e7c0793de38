import ArgumentParser
import BausteinCore

struct ReturnCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Pressestelle: gibt die Anfrage mit einer Notiz an die Sachbearbeitung zurück.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Was die Sachbearbeitung ändern soll.")
    var note: String

    func request() throws -> ReviewRequest {
        .returnToStaff(note: note)
    }
}
