import ArgumentParser
import BausteinCore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Wandelt ein FAQ in JSON Lines in Textbaustein-Dateien um.")

    @Argument(help: "JSON-Lines-Datei: {id, title, answer, known_questions, source, …} je Zeile.")
    var file: String

    @Option(name: .long, help: "Ordner für die Textbaustein-Dateien (ein Unterordner je Kategorie).")
    var into: String

    @Flag(name: .long, help: "Vorhandene Dateien überschreiben.")
    var overwrite = false

    func run() throws {
        try reportingErrors {
            let url = URL(fileURLWithPath: file)
            guard let contents = try? String(contentsOf: url, encoding: .utf8) else {
                throw UserError("\(file) lässt sich nicht als UTF-8-Text lesen.")
            }
            let snippets = try FAQImporter.snippets(fromJSONLines: contents, file: file, importedOn: WallClock.system.today)
            let target = URL(fileURLWithPath: into)
            let planned = snippets.map { snippet in
                (snippet, target.appendingPathComponent(snippet.tags.first.map(FAQImporter.sanitizedID) ?? "import")
                    .appendingPathComponent("\(snippet.id).md"))
            }
            let existing = planned.filter { FileManager.default.fileExists(atPath: $0.1.path) }
            if !overwrite, let first = existing.first {
                throw UserError("\(existing.count) Datei(en) gibt es schon, z. B. \(first.1.path). Nichts geschrieben; --overwrite zum Ersetzen.")
            }
            for (snippet, url) in planned {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try FAQImporter.fileContents(of: snippet).write(to: url, atomically: true, encoding: .utf8)
            }
            print("\(planned.count) Textbausteine nach \(into) geschrieben. Weiter mit: baustein lint \(into)")
        }
    }
}
