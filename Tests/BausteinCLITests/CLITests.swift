import BausteinTestSupport
import Foundation
import Testing

/// The real `baustein` binary, run as a person or a script would: arguments in, text and exit code out.
@Suite("baustein CLI")
struct CLITests {
    // MARK: Running the binary

    typealias Run = CLIHarness.Run

    /// Runs `baustein` in `directory` with `BAUSTEIN_DATABASE` set (unless `database` is nil).
    static func run(
        _ arguments: [String], in directory: URL, database: String? = "db/baustein.sqlite", sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        try CLIHarness.run(arguments, in: directory, database: database, sourceLocation: sourceLocation)
    }

    // MARK: A workspace like the authority's

    static let authority = """
        name: "Stadt Musterstadt"
        abfall:
          telefon: "0123 4567-300"
        """

    static let snippets: [(path: String, contents: String)] = [
        (
            "abfall/sperrmuell-anmelden.md",
            TestEnvironment.snippetFile(
                id: "sperrmuell-anmelden", title: "Sperrmüll anmelden",
                questions: ["Wie melde ich Sperrmüll an?", "Wann wird der Sperrmüll abgeholt?"],
                body: "Guten Tag {{name}}, Sperrmüll melden Sie unter {{amt.abfall.telefon}} an.")
        ),
        (
            "buergeramt/personalausweis-beantragen.md",
            TestEnvironment.snippetFile(
                id: "personalausweis-beantragen", title: "Personalausweis beantragen",
                questions: ["Wie beantrage ich einen neuen Personalausweis?", "Mein Personalausweis ist abgelaufen"],
                body: "Guten Tag {{name}}, den Personalausweis beantragen Sie im Bürgeramt der {{amt.name}}.")
        ),
        (
            "steuern/hundesteuer-anmelden.md",
            TestEnvironment.snippetFile(
                id: "hundesteuer-anmelden", title: "Hundesteuer anmelden",
                questions: ["Wie melde ich meinen Hund zur Steuer an?", "Wie hoch ist die Hundesteuer?"],
                body: "Guten Tag {{name}}, Ihren Hund melden Sie beim Steueramt an.")
        ),
    ]

    /// A temporary folder with `snippets/` and `knowledge/`, the layout `baustein` expects by default.
    static func workspace() throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory()
        for snippet in snippets { try TestEnvironment.write(snippet.contents, to: "snippets/" + snippet.path, in: directory) }
        try TestEnvironment.write(authority, to: "knowledge/authority.yaml", in: directory)
        try TestEnvironment.write("Personalausweis, Perso, Ausweis\nHund, Dackel, Labrador\n", to: "knowledge/synonyms.txt", in: directory)
        // A small local thesaurus keeps each run independent of (and faster than) Debian's 100,000-word file.
        try TestEnvironment.write("Hund;Köter (ugs.);Vierbeiner\n", to: "knowledge/thesaurus.txt", in: directory)
        return directory
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init)
    }

    // MARK: lint

    @Test("lint on a clean folder exits 0")
    func lintClean() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["lint"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("3 Textbausteine geprüft, keine Probleme."), "\(run)")
        #expect(run.stderr.isEmpty, "\(run)")
    }

    @Test("lint on a broken folder exits 1 and prints file:line: message lines")
    func lintBroken() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "wohngeld", title: "Wohngeld", questions: ["Wohngeld?"], extra: "approved_until: 2027-01-01"),
            to: "snippets/soziales/wohngeld.md", in: directory)
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "falsch", title: "Falsch", questions: ["Was kostet die Kita?"], body: "Rufen Sie {{amt.fax}} an."),
            to: "snippets/soziales/kita.md", in: directory)

        let run = try Self.run(["lint", "snippets"], in: directory)
        #expect(run.status == 1, "\(run)")
        let problems = Self.lines(run.stdout)
        #expect(problems.contains { $0.hasPrefix("snippets/soziales/wohngeld.md:8: ") && $0.contains("approved_until") }, "\(run)")
        #expect(problems.contains { $0.hasPrefix("snippets/soziales/kita.md:2: ") && $0.contains("falsch") }, "\(run)")
        #expect(problems.contains { $0.hasPrefix("snippets/soziales/kita.md:9: ") && $0.contains("amt.fax") }, "\(run)")
        let pattern = try Regex(#"^[^:]+\.md:\d+: .+$"#)
        #expect(problems.count == 3 && problems.allSatisfy { $0.wholeMatch(of: pattern) != nil }, "\(run)")
        #expect(run.stderr.contains("3 Problem(e) in 2 Datei(en)"), "\(run)")
    }

    // MARK: sync

    @Test("sync prints what it added, then is idempotent")
    func sync() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Self.run(["sync"], in: directory)
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.contains("neu: 3, geändert: 0, unverändert: 0, zurückgezogen: 0"), "\(first)")
        // Each snippet's two example questions are held out in turn and asked of the rest (ExampleCheck).
        let checked = try Regex(#"Selbstprüfung: \d von 6 zurückgehaltenen Beispielfragen dem eigenen Textbaustein zugeordnet"#)
        #expect(first.stdout.contains(checked), "\(first)")
        #expect(first.stdout.contains("+ sperrmuell-anmelden"), "\(first)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("db/baustein.sqlite").path))

        let second = try Self.run(["sync"], in: directory)
        #expect(second.status == 0, "\(second)")
        #expect(second.stdout.contains("neu: 0, geändert: 0, unverändert: 3, zurückgezogen: 0"), "\(second)")

        try FileManager.default.removeItem(at: directory.appendingPathComponent("snippets/steuern/hundesteuer-anmelden.md"))
        let third = try Self.run(["sync", "--json"], in: directory)
        #expect(third.status == 0, "\(third)")
        let report = try third.json()
        #expect(report["retired"] as? [String] == ["hundesteuer-anmelden"])
        #expect(report["unchanged"] as? [String] == ["personalausweis-beantragen", "sperrmuell-anmelden"])
        #expect(report["added"] as? [String] == [])
        // Two snippets left with two questions each: four held out.
        let examples = try #require(report["examples"] as? [String: Any], "\(third)")
        #expect(examples["asked"] as? Int == 4, "\(third)")
        #expect((examples["right"] as? Int).map { (0...4).contains($0) } == true, "\(third)")
    }

    @Test("sync of snippets with one question each says the confidence learns from confirmations instead")
    func syncWithoutExampleQuestions() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("snippets"))
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "wohngeld", title: "Wohngeld", questions: ["Wie beantrage ich Wohngeld?"]),
            to: "snippets/wohngeld.md", in: directory)
        let run = try Self.run(["sync"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("Selbstprüfung: keine Textbausteine mit zwei oder mehr Beispielfragen"), "\(run)")
    }

    @Test("sync refuses a broken folder and changes nothing")
    func syncRefusesBrokenFolder() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["sync"], in: directory).status == 0)
        try TestEnvironment.write("kein Kopfbereich\n", to: "snippets/abfall/kaputt.md", in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("snippets/steuern/hundesteuer-anmelden.md"))
        let refused = try Self.run(["sync"], in: directory)
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("snippets/abfall/kaputt.md:1: "), "\(refused)")
        // The retired-to-be snippet is still answerable.
        let ask = try Self.run(["ask", "Wie hoch ist die Hundesteuer?", "--json"], in: directory)
        #expect(ask.status == 0, "\(ask)")
        let suggestions = try #require(try ask.json()["suggestions"] as? [[String: Any]])
        #expect(suggestions.first?["snippetID"] as? String == "hundesteuer-anmelden")
    }

    @Test("--database and BAUSTEIN_DATABASE both choose the database; the option wins")
    func databaseLocation() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fromEnvironment = directory.appendingPathComponent("env/baustein.sqlite")
        let fromOption = directory.appendingPathComponent("option/baustein.sqlite")

        let viaEnvironment = try Self.run(["sync"], in: directory, database: "env/baustein.sqlite")
        #expect(viaEnvironment.status == 0, "\(viaEnvironment)")
        #expect(FileManager.default.fileExists(atPath: fromEnvironment.path))
        #expect(viaEnvironment.stdout.contains(fromEnvironment.path), "\(viaEnvironment)")

        let viaOption = try Self.run(["sync", "--database", fromOption.path], in: directory, database: "unused/baustein.sqlite")
        #expect(viaOption.status == 0, "\(viaOption)")
        #expect(viaOption.stdout.contains("neu: 3"), "\(viaOption)")
        #expect(FileManager.default.fileExists(atPath: fromOption.path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("unused/baustein.sqlite").path))

        // Each database answers on its own.
        let ask = try Self.run(["ask", "Sperrmüll anmelden", "--database", fromOption.path, "--json"], in: directory, database: nil)
        #expect(ask.status == 0, "\(ask)")
        let empty = try Self.run(["ask", "Sperrmüll anmelden"], in: directory, database: "leer/baustein.sqlite")
        #expect(empty.status != 0, "\(empty)")
    }

    @Test("without BAUSTEIN_DATABASE the database is knowledge/baustein.sqlite")
    func defaultDatabase() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["sync"], in: directory, database: nil)
        #expect(run.status == 0, "\(run)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("knowledge/baustein.sqlite").path))
    }

    // MARK: ask

    @Test("ask --json prints one JSON object with suggestions and abstained")
    func askJSON() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["sync"], in: directory).status == 0)

        let run = try Self.run(["ask", "Wann wird bei uns der Sperrmüll abgeholt?", "--json"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(Self.lines(run.stdout).count == 1, "\(run)")
        let result = try run.json()
        #expect(result["abstained"] as? Bool == false)
        let suggestions = try #require(result["suggestions"] as? [[String: Any]])
        #expect(!suggestions.isEmpty && suggestions.count <= 3)
        let top = try #require(suggestions.first)
        #expect(top["snippetID"] as? String == "sperrmuell-anmelden")
        let confidence = try #require(top["confidence"] as? Double)
        #expect(confidence > 0 && confidence <= 1)
        let reasons = try #require(top["reasons"] as? [[String: Any]])
        #expect(reasons.contains { $0["word"] as? String == "sperrmüll" })

        // Synonyms from knowledge/synonyms.txt are used.
        let synonym = try Self.run(["ask", "Dackel", "--json", "--limit", "1"], in: directory)
        let synonymSuggestions = try #require(try synonym.json()["suggestions"] as? [[String: Any]])
        #expect(synonymSuggestions.count == 1)
        #expect(synonymSuggestions.first?["snippetID"] as? String == "hundesteuer-anmelden", "\(synonym)")
    }

    @Test("ask names the escalation categories a message would be flagged for, and a broken escalation.txt is an error")
    func askFlags() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["sync"], in: directory).status == 0)
        try TestEnvironment.write(
            "[presse] Presseanfrage\nredaktion\n~ Für eine Reportage hätte ich Fragen.\n", to: "knowledge/escalation.txt", in: directory)
        let flagged = try Self.run(["ask", "Grüße aus der Redaktion: wann wird der Sperrmüll abgeholt?"], in: directory)
        #expect(flagged.status == 0, "\(flagged)")
        #expect(
            Self.lines(flagged.stdout).first == "Hinweise: Presseanfrage (Wörter); in der Warteschlange gelten ihre Regeln (escalation.txt).",
            "\(flagged)")
        let plain = try Self.run(["ask", "Wann wird der Sperrmüll abgeholt?"], in: directory)
        #expect(!plain.stdout.contains("Hinweise:"), "\(plain)")
        try TestEnvironment.write("[presse] Presseanfrage\n~\n", to: "knowledge/escalation.txt", in: directory)
        let broken = try Self.run(["ask", "Wann wird der Sperrmüll abgeholt?"], in: directory)
        #expect(broken.status != 0 && broken.stderr.contains("escalation.txt:2: Leeres Beispiel"), "\(broken)")
    }

    @Test("ask abstains on an unrelated question")
    func askAbstains() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["sync"], in: directory).status == 0)
        let json = try Self.run(["ask", "Wer wird Fußballweltmeister?", "--json"], in: directory)
        #expect(json.status == 0, "\(json)")
        #expect(try json.json()["abstained"] as? Bool == true)
        let text = try Self.run(["ask", "Wer wird Fußballweltmeister?"], in: directory)
        #expect(text.stdout.contains("Keine freigegebene Antwort passt sicher"), "\(text)")
    }

    @Test("ask prints ranked snippets for people")
    func askText() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try Self.run(["sync"], in: directory).status == 0)
        let run = try Self.run(["ask", "Personalausweis abgelaufen"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(Self.lines(run.stdout).first?.hasPrefix("1. personalausweis-beantragen") == true, "\(run)")
        #expect(run.stdout.contains("Treffer:"), "\(run)")
    }

    @Test("ask on an empty database fails and says to run sync")
    func askEmptyDatabase() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["ask", "Wie melde ich Sperrmüll an?"], in: directory)
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("baustein sync"), "\(run)")
        #expect(run.stdout.isEmpty, "\(run)")
    }

    @Test("ask refuses a --limit outside 1…20")
    func askLimit() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["ask", "Sperrmüll", "--limit", "0"], in: directory)
        #expect(run.status != 0, "\(run)")
        #expect(run.stderr.contains("--limit"), "\(run)")
    }

}
