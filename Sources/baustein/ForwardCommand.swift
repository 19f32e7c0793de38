import ArgumentParser
import BausteinCore

struct ForwardCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "forward", abstract: "Fragt einen Fachbereich nach der Antwort; sein Entwurf geht zur Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Department id (departments in baustein.yaml).")
    var to: String

    @Option(name: .long, help: "The question for the department.")
    var note: String

    func request() throws -> ReviewRequest {
        .forward(department: to, note: note)
    }
}
