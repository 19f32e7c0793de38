import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

extension CLITests {
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

        let folds = try Self.run(
            // Three questions are too few for the learning check to decide: the folds' mechanics with learning always on.
            ["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--folds", "3", "--json", "--failures", "--weight", "learningCheck=0"],
            in: directory)
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
            "kalt, alle Fragen", "warm: 5-fach kreuzvalidiert", "Seitenteilung: A gelernt → B", "enthalten kalt: eigene / fremde",
            "enthalten 5-fach: eigene / fremde",
            "ECE: kalt / 5-fach", "ECE gezeigter Prozente", "ECE perfekt kalibriert (Mittel)",
        ]
        for row in rows {
            #expect(run.stdout.contains(row), "\(row): \(run)")
        }
        // The foreign questions per other base, with how many: the second base's one, the first base's two.
        #expect(run.stdout.contains("    davon snippets (1)") && run.stdout.contains("    davon snippets (2)"), "\(run)")
        let json = try Self.run(arguments + ["--embeddings", "off", "--json"], in: directory)
        #expect(json.status == 0 && json.stdout.contains("\"foreign_abstention\"") && json.stdout.contains("\"abstention_rate\""), "\(json)")
        #expect(json.stdout.contains("\"folds_abstention_rate\""), "\(json)")
        #expect(run.stdout.contains("nur Wörter") && !run.stdout.contains("nur Bedeutung"), "without the sentence model only words: \(run)")

        let unpaired = try Self.run(["eval", "--compare", "--snippets", "snippets", "--queries", "a.tsv", "--queries", "b.tsv"], in: directory)
        #expect(unpaired.status != 0, "\(unpaired)")
        let learning = try Self.run(arguments + ["--folds", "2", "--embeddings", "off"], in: directory)
        #expect(learning.status != 0 && learning.stderr.contains("--compare"), "\(learning)")
    }

    @Test("eval --delicate asks delicate messages for their flags; --failures names the ones not flagged by their file")
    func evalDelicate() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            "[presse] Presse\nredaktion\n~ Für eine Reportage hätte ich Fragen.\n", to: "knowledge/escalation.txt", in: directory)
        try TestEnvironment.write("Wann wird der Sperrmüll abgeholt?\tsperrmuell-anmelden\n", to: "a.tsv", in: directory)
        try TestEnvironment.write(
            "Grüße aus der Redaktion!\t!presse\nFür eine Reportage im Wochenblatt hätte ich Fragen.\t!presse\n", to: "d.tsv", in: directory)
        let run = try Self.run(
            ["eval", "--snippets", "snippets", "--queries", "a.tsv", "--delicate", "d.tsv", "--failures", "--embeddings", "off"], in: directory)
        #expect(run.status == 0, "\(run)")
        // Without the sentence model only the words flag: the reportage is not flagged, and named with its own file.
        #expect(run.stdout.contains("heikle Nachrichten: 1 von 2 markiert (Wörter 1, Bedeutung 0), 1 mit ihrer Kategorie"), "\(run)")
        #expect(run.stdout.contains("Hinweise auf passende Fragen: 0 von 1 markiert"), "\(run)")
        #expect(run.stdout.contains("d.tsv:2: Für eine Reportage im Wochenblatt hätte ich Fragen.\n   erwartet !presse, bekam —"), "\(run)")
        let compare = try Self.run(
            [
                "eval", "--compare", "--snippets", "snippets", "--queries", "a.tsv", "--snippets", "snippets", "--queries", "a.tsv",
                "--delicate", "d.tsv", "--embeddings", "off",
            ], in: directory)
        #expect(compare.status == 0, "\(compare)")
        for row in ["Hinweis: heikle Nachrichten", "Hinweis: eigene Fragen (falsch)", "Hinweis: fremde Fragen", "1 / 2 (W 1, B 0)"] {
            #expect(compare.stdout.contains(row), "\(row): \(compare)")
        }
        try TestEnvironment.write("Grüße aus der Redaktion!\tsperrmuell-anmelden\n", to: "bad.tsv", in: directory)
        let bad = try Self.run(
            ["eval", "--snippets", "snippets", "--queries", "a.tsv", "--delicate", "bad.tsv", "--embeddings", "off"], in: directory)
        #expect(bad.status != 0 && bad.stderr.contains("bad.tsv:1: --delicate erwartet 'Nachricht<TAB>!kategorie'."), "\(bad)")
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
        // 20 answered questions are too few for the base's own abstention bar.
        #expect(text.stdout.contains("Enthaltungsschwelle: Grundwert 0,365 (eine eigene ab 50 beantworteten Fragen, bisher 20)"), "\(text)")
        // The learned questions ("Hund anmelden, Frage 1") are short enough for the matcher to abstain on, and still
        // right: on this base an abstained first suggestion is worth more than the model says.
        let right = try #require(scaling["abstention"] as? Double, "\(learned)")
        #expect(right > 0.5, "\(learned)")
        #expect(text.stdout.contains("· unsicher)"), "\(text)")

        // Questions the base has no answer for ('-': a reply written without a snippet) that share a word with a snippet:
        // the matcher abstains on them too, and the scaling learns that an abstained first suggestion is often wrong.
        let foreign = ["Wie wird das Wetter beim Hundespaziergang?", "Welcher Hund ist der beste Freund?", "Mein Hund hat Durchfall, was tun?"]
        let withForeign = pairs + (1...7).flatMap { round in foreign.map { "\($0) (\(round))\t-\n" } }.joined()
        try TestEnvironment.write(withForeign, to: "learn.tsv", in: directory)
        let taught = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--json"], in: directory)
        let taughtScaling = try #require(try taught.json()["confidence_scaling"] as? [String: Any], "\(taught)")
        // A foreign line the matcher found no suggestion for teaches nothing (there was no first suggestion to be wrong).
        let outcomes = try #require(taughtScaling["outcomes"] as? Int, "\(taught)")
        #expect(outcomes > 20 && outcomes < 41, "\(taught)")
        #expect((taughtScaling["abstention"] as? Double ?? .infinity) < right - 0.5, "\(taught)")
        // What was shown (not abstained) teaches the rest of the scaling alone: the foreign lines leave it as it was.
        #expect(taughtScaling["intercept"] as? Double == scaling["intercept"] as? Double, "\(taught)")
        let taughtText = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv"], in: directory)
        #expect(taughtText.stdout.contains("Konfidenz an diese Wissensbasis angepasst: aus \(outcomes) Ergebnissen"), "\(taughtText)")
        #expect(taughtText.stdout.contains("· unsicher)"), "\(taughtText)")
    }

    @Test("eval --learn learns the base's abstention bar from 50 answered pairs and prints it")
    func evalLearnDomainThreshold() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write("Wo melde ich meinen Hund an?\thundesteuer-anmelden\n", to: "queries.tsv", in: directory)
        let pairs = (1...50).map { "Wie melde ich meinen Hund zur Hundesteuer an? (\($0))\thundesteuer-anmelden\n" }.joined()
        try TestEnvironment.write(pairs, to: "learn.tsv", in: directory)
        let json = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--json"], in: directory)
        #expect(json.status == 0, "\(json)")
        let threshold = try #require(try json.json()["domain_threshold"] as? [String: Any], "\(json)")
        #expect(threshold["questions"] as? Int == 50)
        let raised = try #require(threshold["raised"] as? Double, "\(json)")
        // The learned questions name the snippet's own words: the base's bar sits far above the fitted one.
        #expect(raised > MatchWeights().threshold, "\(json)")
        let text = try Self.run(["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv"], in: directory)
        #expect(
            text.stdout.contains(
                "Enthaltungsschwelle aus 50 beantworteten Fragen: \(GermanNumber.decimal(raised, digits: 3)) (Grundwert 0,365 angehoben)"),
            "\(text)")
        let fitted = try Self.run(
            ["eval", "--snippets", "snippets", "--queries", "queries.tsv", "--learn", "learn.tsv", "--weight", "ownAbstention=0"], in: directory)
        #expect(fitted.stdout.contains("Enthaltungsschwelle: Grundwert 0,365 (eine eigene ab 50 beantworteten Fragen, bisher 50)"), "\(fitted)")
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
