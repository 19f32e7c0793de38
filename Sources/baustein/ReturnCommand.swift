import ArgumentParser
import BausteinCore

struct ReturnCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "return", abstract: "Pressestelle: gibt die Anfrage mit einer Notiz an die Sachbearbeitung zurück.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "What staff should change.")
    var note: String

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.returnToStaff(item.id.value, note: note, by: person, expectedRevision: item.revision)
    }
}
