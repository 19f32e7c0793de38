import ArgumentParser

@main
struct Baustein: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baustein",
        abstract: "Antwortet auf Bürgeranfragen mit freigegebenen Textbausteinen.",
        discussion: "Textbausteine liegen in snippets/, die Wissensbasis in knowledge/. Siehe README.md.",
        subcommands: [
            LintCommand.self, SyncCommand.self, ImportCommand.self, AskCommand.self, EvalCommand.self,
            ServeCommand.self, TokenCommand.self,
        ]
    )
}
