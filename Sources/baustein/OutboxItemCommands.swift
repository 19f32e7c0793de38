import ArgumentParser
import BausteinCore
import Foundation

struct OutboxMarkSent: OutboxItemCommand {
    static let configuration = CommandConfiguration(commandName: "mark-sent", abstract: "Markiert eine übergebene Antwort als gesendet.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.outbox.markSent(item.id.value, by: person)
    }
}

struct OutboxMarkFailed: OutboxItemCommand {
    static let configuration = CommandConfiguration(commandName: "mark-failed", abstract: "Markiert eine übergebene Antwort als nicht zustellbar.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    @Option(name: .long, help: "Was schiefging.")
    var reason: String

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.outbox.markFailed(item.id.value, reason: reason, by: person)
    }
}

struct OutboxRetry: OutboxItemCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Legt eine fehlgeschlagene Antwort erneut in den Postausgang.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome {
        try workflow.outbox.retry(item.id.value, by: person)
    }
}
