import ArgumentParser
import BausteinCore
import Foundation

/// A command that performs one review action on one item as the acting person and reports the new state.
protocol ItemActionCommand: ParsableCommand {
    var options: WorkflowOptions { get }
    var item: ItemActionOptions { get }
    func act(_ workflow: Workflow, as person: TeamMember) throws -> ActionOutcome
}

extension ItemActionCommand {
    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let person = try options.person(in: workflow)
            let outcome = try act(workflow, as: person)
            if item.json {
                print(try jsonLine(outcome))
            } else {
                print(OutcomeText.describe(outcome))
            }
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
    @Argument(help: "Item number (as shown by 'baustein queue').")
    var id: ItemID

    @Option(name: .long, help: "Only act if the item is still at this revision (as shown by 'show --json').")
    var revision: Int?

    @Flag(name: .long, help: "Print the outcome as JSON.")
    var json = false
}
