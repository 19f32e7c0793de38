import ArgumentParser
import BausteinCore

struct EscalateCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "escalate", abstract: "Gibt die Anfrage mit einer Notiz an die Pressestelle.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "What the press office should know.")
    var note: String

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.escalate(item.id.value, note: note, by: person, expectedRevision: item.revision)
    }
}
