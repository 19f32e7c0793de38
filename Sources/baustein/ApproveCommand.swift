import ArgumentParser
import BausteinCore

struct ApproveCommand: ItemActionCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Pressestelle: gibt die Antwort frei; sie geht in den Postausgang.")

    @OptionGroup var options: WorkflowOptions
    @OptionGroup var item: ItemActionOptions

    func request() throws -> ReviewRequest {
        .approve
    }
}
