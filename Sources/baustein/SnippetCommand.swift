import ArgumentParser
import BausteinCore
import Foundation

struct SnippetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snippet", abstract: "Textbausteine: Entwürfe aus freigegebenen Antworten.", subcommands: [SnippetDraftCommand.self])
}

struct SnippetDraftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Schreibt aus einer freigegebenen, umformulierten Antwort und ihrer Frage einen Entwurf nach snippets/_drafts/.",
        discussion: "lint und sync überspringen _drafts/. Die Pressestelle ergänzt Titel, Fragen und Freigabe und verschiebt die Datei.")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Anfrage, deren freigegebene Antwort zum Entwurf wird.")
    var from: ItemID

    @Option(name: .long, help: "Ordner mit Textbausteinen.")
    var snippets = "snippets"

    @Flag(name: .long, help: "Einen vorhandenen Entwurf derselben Anfrage ersetzen.")
    var overwrite = false

    func run() throws {
        try reportingErrors {
            let draft = try options.openWorkflow().reports.snippetDraft(from: from.value)
            let folder = URL(fileURLWithPath: snippets).appendingPathComponent("_drafts")
            let file = folder.appendingPathComponent(draft.fileName)
            if FileManager.default.fileExists(atPath: file.path), !overwrite {
                throw UserError("\(file.path) gibt es schon; mit --overwrite ersetzen.")
            }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(draft.contents.utf8).write(to: file, options: .atomic)
            print("Entwurf geschrieben: \(file.path)")
        }
    }
}
