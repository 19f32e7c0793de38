import ArgumentParser
import BausteinCore

struct ForwardCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "forward", abstract: "Fragt einen Fachbereich nach der Antwort; sein Entwurf geht zur Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Kennung des Fachbereichs (departments in baustein.yaml).")
    var to: String

    @Option(name: .long, help: "Die Frage an den Fachbereich.")
    var note: String

    func request() throws -> ReviewRequest {
        .forward(department: to, note: note)
    }
}
