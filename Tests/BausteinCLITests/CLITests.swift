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

    // MARK: eval

    @Test("eval --json prints exactly one JSON object with the figures")
    func evalJSON() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            "Wann wird der Sperrmüll abgeholt?\tsperrmuell-anmelden\nMein Perso ist abgelaufen\tpersonalausweis-beantragen\nWer wird Meister?\t-\n",
            to: "queries.tsv", in: directory)
        let run = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--json"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(Self.lines(run.stdout).count == 1, "\(run)")
        let report = try run.json()
        #expect(report["queries"] as? Int == 2)
        #expect(report["top1"] as? Double == 1)
        #expect(report["mrr3"] as? Double == 1)
        #expect(report["recall3"] as? Double == 1)
        #expect(report["abstained"] is Int)
        #expect(report["out_of_domain"] as? Int == 1)
        let latency = try #require(report["latency_ms"] as? [String: Any])
        let p50 = try #require(latency["p50"] as? Double)
        let p99 = try #require(latency["p99"] as? Double)
        #expect(p50 >= 0 && p99 >= p50)
    }

    @Test("eval --learn teaches a phrasing that fails cold")
    func evalLearn() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write("Bello wohnt jetzt bei uns, was ist zu erledigen?\thundesteuer-anmelden\n", to: "queries.tsv", in: directory)
        try TestEnvironment.write("Bello wohnt jetzt bei uns\thundesteuer-anmelden\n", to: "learn.tsv", in: directory)

        let cold = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--json"], in: directory)
        #expect(cold.status == 0, "\(cold)")
        #expect(try cold.json()["top1"] as? Double == 0, "\(cold)")

        let learned = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--json"], in: directory)
        #expect(learned.status == 0, "\(learned)")
        #expect(try learned.json()["top1"] as? Double == 1, "\(learned)")

        let text = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv"], in: directory)
        #expect(text.stdout.contains("gelernt: 1 Formulierungen"), "\(text)")
    }

    @Test("eval --folds learns each fold from the others only, on a fresh base, and reports over all questions")
    func evalFolds() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The first two teach each other; the third shares no word with anything and is only found if it learned itself.
        try TestEnvironment.write(
            "Bello wohnt jetzt bei uns\thundesteuer-anmelden\nBello wohnt jetzt bei uns, was ist zu erledigen?\thundesteuer-anmelden\n"
                + "Zebra Giraffe Nashorn\thundesteuer-anmelden\n",
            to: "queries.tsv", in: directory)
        let cold = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--json"], in: directory)
        #expect(try cold.json()["top1"] as? Double == 0, "\(cold)")

        let folds = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--folds", "3", "--json", "--failures"], in: directory)
        #expect(folds.status == 0, "\(folds)")
        let report = try folds.json()
        #expect(report["queries"] as? Int == 3)
        #expect(abs((report["top1"] as? Double ?? 0) - 2.0 / 3.0) < 1e-9, "\(folds)")
        let failures = try #require(report["failures"] as? [[String: Any]])
        #expect(failures.map { $0["line"] as? Int } == [3], "\(folds)")

        let text = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--folds", "3"], in: directory)
        #expect(text.stdout.contains("Kreuzvalidierung: 3 Teile"), "\(text)")
        // Each fold learned the two others: 3 × 2 phrasings.
        #expect(text.stdout.contains("(6 Formulierungen)"), "\(text)")

        for bad in [["--folds", "1"], ["--folds", "2", "--learn", "queries.tsv"]] {
            let refused = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv"] + bad, in: directory)
            #expect(refused.status != 0 && refused.stderr.contains("--folds"), "\(refused)")
        }
    }

    @Test("eval --compare prints one table for several bases, each asked the others' questions as foreign ones")
    func evalCompare() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            "Wann wird der Sperrmüll abgeholt?\tsperrmuell-anmelden\nMein Perso ist abgelaufen\tpersonalausweis-beantragen\n",
            to: "a.tsv", in: directory)
        try TestEnvironment.write("Bello wohnt jetzt bei uns\thundesteuer-anmelden\nWer wird Meister?\t-\n", to: "b.tsv", in: directory)
        let arguments = ["eval", "--compare", "--snippets", "snippets", "--queries", "a.tsv", "--snippets", "snippets", "--queries", "b.tsv"]
        let run = try Self.run(arguments + ["--embeddings", "off"], in: directory)
        #expect(run.status == 0, "\(run)")
        // Each base by its folder's name, with its own questions and the other base's in-domain ones as foreign.
        #expect(run.stdout.contains("snippets (2 passende Fragen, 1 fachfremde)"), "\(run)")
        #expect(run.stdout.contains("snippets (1 passende Fragen, 2 fachfremde)"), "\(run)")
        let rows = [
            "kalt, alle Fragen", "warm: 5-fach kreuzvalidiert", "Seitenteilung: A gelernt → B", "enthalten: passende / fachfremde",
            "ECE: kalt / 5-fach",
        ]
        for row in rows {
            #expect(run.stdout.contains(row), "\(row): \(run)")
        }
        #expect(run.stdout.contains("nur Wörter") && !run.stdout.contains("nur Bedeutung"), "without the sentence model only words: \(run)")

        let unpaired = try Self.run(["eval", "--compare", "--snippets", "snippets", "--queries", "a.tsv", "--queries", "b.tsv"], in: directory)
        #expect(unpaired.status != 0, "\(unpaired)")
        let learning = try Self.run(arguments + ["--folds", "2", "--embeddings", "off"], in: directory)
        #expect(learning.status != 0 && learning.stderr.contains("--compare"), "\(learning)")
    }

    @Test("eval --learn also teaches the base's confidence from 20 outcomes on, and says so")
    func evalLearnConfidence() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write("Wo melde ich meinen Hund an?\thundesteuer-anmelden\n", to: "queries.tsv", in: directory)
        let pairs = (1...20).map { "Hund anmelden, Frage \($0)\thundesteuer-anmelden\n" }.joined()
        try TestEnvironment.write(pairs, to: "learn.tsv", in: directory)

        let learned = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--json"], in: directory)
        #expect(learned.status == 0, "\(learned)")
        let scaling = try #require(try learned.json()["confidence_scaling"] as? [String: Any], "\(learned)")
        #expect(scaling["outcomes"] as? Int == 20)
        // Every first suggestion was right: the base's confidence is raised.
        #expect((scaling["intercept"] as? Double ?? 0) > 0, "\(learned)")

        let text = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv"], in: directory)
        #expect(text.stdout.contains("Konfidenz an diese Wissensbasis angepasst: aus 20 Ergebnissen"), "\(text)")
    }

    @Test("eval --learn reports the group preference it learned from the suggestions the labels passed over")
    func evalLearnPreference() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            """
            ---
            id: bund-hund
            title: Hundesteuer
            questions:
              - Wie melde ich meinen Hund zur Steuer an?
            tags: [import]
            approved_by: Bundesportal
            approved_on: 2026-10-01
            ---
            Guten Tag {{name}}, die Hundesteuer regelt Ihre Gemeinde.
            """, to: "snippets/import/bund-hund.md", in: directory)
        try TestEnvironment.write("Wo melde ich meinen Hund an?\thundesteuer-anmelden\n", to: "queries.tsv", in: directory)
        // Labelled with a snippet that is not suggested for them: every dog snippet shown is passed over.
        let pairs = ["Hund zur Steuer anmelden?", "Meinen Hund anmelden, wie?"].map { "\($0)\tsperrmuell-anmelden\n" }.joined()
        try TestEnvironment.write(pairs, to: "learn.tsv", in: directory)

        let cold = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--json"], in: directory)
        #expect(try cold.json()["group_preference"] == nil, "\(cold)")
        let learned = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--json"], in: directory)
        #expect(learned.status == 0, "\(learned)")
        let preference = try #require(try learned.json()["group_preference"] as? [String: Any], "\(learned)")
        let groups = try #require(preference["groups"] as? [[String: Any]])
        #expect(
            groups.compactMap { ($0["key"] as? [String: Any])?["name"] as? String }.sorted() == ["Bundesportal", "Pressestelle", "import"],
            "\(learned)")

        let text = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv"], in: directory)
        #expect(
            text.stdout.contains("Vorlieben gelernt (3 Gruppen): am seltensten gewählt Freigabe durch Bundesportal 0,"), "\(text)")
    }

    @Test("eval with an unknown expected id exits 1 and names file and line")
    func evalUnknownID() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write("Sperrmüll?\tsperrmuell-anmelden\nWohngeld?\twohngeld-beantragen\n", to: "queries.tsv", in: directory)
        let run = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv"], in: directory)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("queries.tsv:2: "), "\(run)")
        #expect(run.stderr.contains("wohngeld-beantragen"), "\(run)")
    }

    @Test("eval reads an FAQ in JSON lines as well as a snippets folder")
    func evalJSONLines() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(Self.faq, to: "faq.jsonl", in: directory)
        try TestEnvironment.write("Was kostet ein Wunschkennzeichen?\twunschkennzeichen\n", to: "queries.tsv", in: directory)
        let run = try Self.run(["eval", "--snippets", "faq.jsonl", "--queries", "queries.tsv", "--json"], in: directory)
        #expect(run.status == 0, "\(run)")
        #expect(try run.json()["top1"] as? Double == 1, "\(run)")
    }

    // MARK: import

    static let faq = """
        {"id": "wunschkennzeichen", "title": "Wunschkennzeichen: Was kostet das?", "answer": "Ein Wunschkennzeichen kostet 10,20 Euro.", "known_questions": ["Was kostet ein Wunschkennzeichen?", "Wunschnummer \\"reservieren\\" #online"], "category": "Kfz", "source": "https://www.musterstadt.example/kfz"}
        {"id": "Müll: Abfuhr", "title": "Abfuhrtermine", "answer": "Die Termine stehen im Abfuhrkalender.", "category": "Abfall"}
        """

    @Test("import writes snippet files that lint accepts, and refuses to overwrite without --overwrite")
    func importFAQ() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(Self.faq, to: "faq.jsonl", in: directory)

        let run = try Self.run(["import", "faq.jsonl", "--into", "imported"], in: directory)
        #expect(run.status == 0, "\(run)")
        let written = directory.appendingPathComponent("imported/kfz/wunschkennzeichen.md")
        #expect(FileManager.default.fileExists(atPath: written.path), "\(run)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("imported/abfall/muell-abfuhr.md").path), "\(run)")

        let lint = try Self.run(["lint", "imported"], in: directory)
        #expect(lint.status == 0, "\(lint)")
        #expect(lint.stdout.contains("2 Textbausteine geprüft"), "\(lint)")

        try "bearbeitet".write(to: written, atomically: true, encoding: .utf8)
        let again = try Self.run(["import", "faq.jsonl", "--into", "imported"], in: directory)
        #expect(again.status != 0, "\(again)")
        #expect(again.stderr.contains("--overwrite"), "\(again)")
        #expect(try String(contentsOf: written, encoding: .utf8) == "bearbeitet")

        let overwrite = try Self.run(["import", "faq.jsonl", "--into", "imported", "--overwrite"], in: directory)
        #expect(overwrite.status == 0, "\(overwrite)")
        #expect(try String(contentsOf: written, encoding: .utf8).hasPrefix("---\nid: wunschkennzeichen\n"))
        #expect(try Self.run(["lint", "imported"], in: directory).status == 0)
    }

    @Test("import of a broken FAQ writes nothing and names the line")
    func importBrokenFAQ() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(Self.faq + "\n{\"id\": \"kaputt\"\n", to: "faq.jsonl", in: directory)
        let run = try Self.run(["import", "faq.jsonl", "--into", "imported"], in: directory)
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("faq.jsonl:3: "), "\(run)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("imported").path))
    }

    @Test("--help lists every command")
    func help() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.run(["--help"], in: directory)
        #expect(run.status == 0, "\(run)")
        for command in ["lint", "sync", "import", "ask", "eval"] { #expect(run.stdout.contains(command), "\(run)") }
    }

    @Test("every --help page is in German, the argument parser's headings and phrases included")
    func helpIsGerman() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Every command and subcommand, found by walking the BEFEHLE section of each page.
        var pending: [[String]] = [[]]
        var pages = 0
        let english = ["OVERVIEW", "USAGE:", "OPTIONS:", "(default", "(values:", "Show help", " the ", "Print ", "Only ", "File with"]
        while let path = pending.popLast() {
            let run = try Self.run(path + ["--help"], in: directory)
            #expect(run.status == 0, "\(path): \(run)")
            pages += 1
            for phrase in english { #expect(!run.stdout.contains(phrase), "baustein \(path.joined(separator: " ")) --help: '\(phrase)'") }
            guard let section = run.stdout.components(separatedBy: "BEFEHLE:\n").dropFirst().first else { continue }
            for line in section.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
                let name = line.split(separator: " ").first.map(String.init) ?? ""
                if !name.isEmpty, name != "help", !name.hasPrefix("Siehe") { pending.append(path + [name]) }
            }
        }
        #expect(pages > 40, "only \(pages) help pages found")
    }
}
