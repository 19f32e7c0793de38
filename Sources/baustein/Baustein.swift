import ArgumentParser

@main
struct Baustein: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baustein",
        abstract: "Antwortet auf Bürgeranfragen mit freigegebenen Textbausteinen.",
        discussion: "Textbausteine liegen in snippets/, die Wissensbasis in knowledge/. Siehe README.md.",
        subcommands: [
            LintCommand.self, SyncCommand.self, ImportCommand.self, AskCommand.self, EvalCommand.self, IntakeCommand.self,
            ConfirmCommand.self, EditCommand.self, EscalateCommand.self, ForwardCommand.self, DismissCommand.self,
            DraftCommand.self, ApproveCommand.self, ReturnCommand.self, RewriteCommand.self, UndoCommand.self, QueueCommand.self,
            ShowCommand.self, OutboxCommand.self, DeliverCommand.self, PollCommand.self, AuditCommand.self, ReviewCommand.self,
            ApprovalsCommand.self,
            ReportCommand.self, SnippetCommand.self, PurgeCommand.self, PrivacyCommand.self, ServeCommand.self, TokenCommand.self,
            LoginCommand.self, LogoutCommand.self, MigrateCommand.self,
        ]
    )
}
