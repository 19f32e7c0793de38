import ArgumentParser
import BausteinCore
import Foundation

/// A command that performs one review action on one item as the acting person and reports the new state: on this
/// machine's database, or in client mode on the server the person logged in to.
protocol ItemActionCommand: ParsableCommand {
    var options: WorkflowOptions { get }
    var item: ItemActionOptions { get }
    /// The action with what it needs (texts read, values parsed).
    func request() throws -> ReviewRequest
}

extension ItemActionCommand {
    func run() throws {
        try reportingErrors {
            let request = try request()
            let outcome: ActionOutcome
            if let client = try options.remote() {
                outcome = try client.act(request, on: item.id.value, expectedRevision: item.revision)
            } else {
                let workflow = try options.openWorkflow()
                outcome = try workflow.review.act(request, on: item.id.value, by: try options.person(in: workflow), expectedRevision: item.revision)
            }
            try item.report(outcome)
        }
    }
}

/// A delivery step on one reply (`outbox mark-sent`, `mark-failed`, `retry`): run on the server's own machine, where
/// delivery is.
protocol OutboxItemCommand: ParsableCommand {
    var options: WorkflowOptions { get }
    var item: ItemActionOptions { get }
    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome
}

extension OutboxItemCommand {
    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            try item.report(act(workflow, as: try options.person(in: workflow)))
        }
    }
}

/// How an action's result reads for people.
enum OutcomeText {
    static func describe(_ outcome: ActionOutcome) -> String {
        var text = "#\(outcome.itemID): \(outcome.from.label) → \(outcome.to.label)"
        if let snippet = outcome.snippetID { text += " (Textbaustein \(snippet)@\(outcome.snippetVersion ?? 0))" }
        if outcome.awaitsPress { text += ". Die Pressestelle muss freigeben: baustein approvals" }
        if outcome.to == .approved { text += ". Im Postausgang: baustein outbox" }
        return text
    }
}

/// Options shared by every item action.
struct ItemActionOptions: ParsableArguments {
    @Argument(help: "Nummer der Anfrage (wie 'baustein queue' sie zeigt).")
    var id: ItemID

    @Option(name: .long, help: "Nur handeln, wenn die Anfrage noch diesen Stand hat (revision aus 'show --json').")
    var revision: Int?

    @Flag(name: .long, help: "Das Ergebnis als JSON ausgeben.")
    var json = false
}

extension ItemActionOptions {
    /// Prints an action's outcome as text or JSON.
    func report(_ outcome: ActionOutcome) throws {
        if json {
            print(try jsonLine(outcome))
        } else {
            print(OutcomeText.describe(outcome))
        }
    }
}
