import ArgumentParser
import BausteinCore

struct DismissCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "dismiss", abstract: "Schließt die Anfrage ohne Antwort, mit Grund.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Why no reply is sent (e.g. Spam, keine passende Antwort, erledigt).")
    var reason: String

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.dismiss(item.id.value, reason: reason, by: person, expectedRevision: item.revision)
    }
}
