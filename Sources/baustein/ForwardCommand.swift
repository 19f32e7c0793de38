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

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.forward(item.id.value, to: to, note: note, by: person, expectedRevision: item.revision)
    }
}
