import ArgumentParser
import BausteinCore

struct UndoCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Nimmt den letzten Schritt an einer Anfrage zurück (nur wer ihn tat, oder admin), solange die Antwort nicht exportiert ist.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    func request() throws -> ReviewRequest {
        .undo
    }
}
