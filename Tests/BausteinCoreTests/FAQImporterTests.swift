import BausteinCore
import Foundation
import Testing

/// `baustein import`: an existing FAQ in JSON lines becomes snippet files the press office can edit.
@Suite("FAQ importer")
struct FAQImporterTests {
    static let today = Day("2026-11-01")!

    @Test("JSON lines become snippets with all their fields")
    func importsEntries() throws {
        let contents = """
            {"id": "cde001", "title": "Ist man nach 14 Tagen wieder gesund?", "answer": "  Innerhalb von 14 Tagen …  ", "known_questions": ["Ist man nach 14 Tagen wieder gesund?", "Wie lange dauert die Krankheit?"], "source": "Bundesministerium für Gesundheit (BMG)", "link": "https://www.example.org/symptome/", "category": "Symptome", "last_update": "2020/03/22", "lang": "de", "twins": []}

            {"id": "Termin Absagen", "answer": "Sagen Sie den Termin online ab.", "known_questions": ["Wie sage ich einen Termin ab?"]}
            {"id": "oeffnungszeiten", "title": "Öffnungszeiten", "answer": "Mo–Fr 8–12 Uhr.", "known_questions": [], "source": "https://www.musterstadt.example/zeiten"}
            """
        let snippets = try FAQImporter.snippets(fromJSONLines: contents, file: "faq.jsonl", importedOn: Self.today)
        #expect(snippets.map(\.id) == ["cde001", "termin-absagen", "oeffnungszeiten"])

        let first = snippets[0]
        #expect(first.title == "Ist man nach 14 Tagen wieder gesund?")
        #expect(first.questions == ["Ist man nach 14 Tagen wieder gesund?", "Wie lange dauert die Krankheit?"])
        #expect(first.body == "Innerhalb von 14 Tagen …")
        #expect(first.tags == ["Symptome"])
        #expect(first.approvedBy == "Bundesministerium für Gesundheit (BMG)")
        #expect(first.approvedOn == Day("2020-03-22"))
        #expect(first.source == "https://www.example.org/symptome/")
        #expect(first.approval == .staff)

        // No title: the first known question is the title; no source: "Import"; no date: the import day.
        #expect(snippets[1].title == "Wie sage ich einen Termin ab?")
        #expect(snippets[1].approvedBy == "Import")
        #expect(snippets[1].approvedOn == Self.today)
        #expect(snippets[1].tags.isEmpty)
        #expect(snippets[1].source == nil)

        // No known questions: the title is the question; a URL as source is kept as the source.
        #expect(snippets[2].questions == ["Öffnungszeiten"])
        #expect(snippets[2].source == "https://www.musterstadt.example/zeiten")
    }

    @Test(
        "ids are sanitised to the snippet id alphabet",
        arguments: [
            ("cde001", "cde001"),
            ("Termin Absagen", "termin-absagen"),
            ("  --Hallo, Welt!!--  ", "hallo-welt"),
            ("Straße_und/Platz", "strasse-und-platz"),
            ("A.B.C", "a-b-c"),
            ("???", ""),
        ])
    func sanitizedID(raw: String, expected: String) {
        let id = FAQImporter.sanitizedID(raw)
        #expect(id == expected)
        #expect(id.isEmpty || Snippet.isValidID(id))
    }

    @Test(
        "umlauts in ids are spelled out like the shipped ids (fuehrerschein-umtauschen)")
    func sanitizedIDSpellsOutUmlauts() {
        #expect(FAQImporter.sanitizedID("Führerschein umtauschen") == "fuehrerschein-umtauschen")
        #expect(FAQImporter.sanitizedID("Öffnungszeiten") == "oeffnungszeiten")
        #expect(FAQImporter.sanitizedID("Grünschnitt") == "gruenschnitt")
    }

    @Test("a bad line makes the whole import fail with its line number")
    func badLine() {
        let contents = """
            {"id": "a", "title": "A", "answer": "Antwort A"}

            {"id": "b", "title": "B", "answer": "Antwort B"
            {"title": "ohne id", "answer": "x"}
            {"id": "c", "title": "C", "answer": "   "}
            {"id": "a", "title": "A noch mal", "answer": "Antwort"}
            {"id": "d", "answer": "Antwort D"}
            """
        do {
            _ = try FAQImporter.snippets(fromJSONLines: contents, file: "faq.jsonl", importedOn: Self.today)
            Issue.record("expected the import to fail")
        } catch let error as FAQImportErrors {
            #expect(error.errors.map(\.line) == [3, 4, 5, 6, 7])
            #expect(error.errors.allSatisfy { $0.file == "faq.jsonl" })
            #expect(error.errors[1].reason.contains("'id'"))
            #expect(error.errors[2].reason.contains("'answer'"))
            #expect(error.errors[3].reason.contains("doppelt"))
            #expect(error.errors[4].reason.contains("title"))
            #expect(error.description.components(separatedBy: "\n").first?.hasPrefix("faq.jsonl:3: ") == true)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("one bad line among good ones still yields no snippets")
    func allOrNothing() {
        let good = (1...20).map { #"{"id": "f\#($0)", "title": "Frage \#($0)", "answer": "Antwort \#($0)"}"# }
        let contents = (good[..<10] + ["kein json"] + good[10...]).joined(separator: "\n")
        #expect(throws: FAQImportErrors.self) {
            try FAQImporter.snippets(fromJSONLines: contents, file: "faq.jsonl", importedOn: Self.today)
        }
    }

    @Test(
        "a file written for a snippet parses back to the same snippet",
        arguments: [
            Snippet(
                id: "sonderzeichen", title: #"Frage: "Perso" # verloren? \ 'weg' – ja/nein"#,
                questions: ["Was tun: Ausweis #weg?", #"Sie sagte "sofort""#, "- kein Listenpunkt", "null", "true", "2026-01-01", "{{name}}?"],
                keywords: ["a: b", "#tag", "[x]"], tags: ["buergeramt", "Öffnungs zeiten"], approval: .press,
                approvedBy: "Pressestelle: Frau \"M.\"", approvedOn: Day("2026-10-01")!, reviewBy: Day("2027-04-01")!,
                validFrom: Day("2026-01-01")!, validUntil: Day("2026-12-31")!, short: "Kurz: {{name}} #1",
                source: "https://www.musterstadt.example/a?b=c#d",
                body: "Guten Tag {{name}},\n\n---\nZeile mit: Doppelpunkt und # Raute.\n\tEingerückt \"zitiert\" \\ Ende."),
            Snippet(
                id: "minimal", title: "Minimal", questions: ["Minimal?"], approvedBy: "Import", approvedOn: Day("2020-03-22")!,
                body: "Antwort."),
        ])
    func roundTrip(snippet: Snippet) throws {
        let contents = FAQImporter.fileContents(of: snippet)
        let parsed = SnippetFile.parse(contents: contents, path: "import/\(snippet.id).md", authority: AuthorityFacts())
        switch parsed {
        case .success(let back):
            #expect(back == snippet)
            #expect(back.contentHash == snippet.contentHash)
        case .failure(let errors):
            Issue.record("the written file does not parse:\n\(errors)\n\(contents)")
        }
    }

    @Test(
        "an FAQ entry with the id \"null\" gives a file that lint accepts")
    func nullID() throws {
        let snippets = try FAQImporter.snippets(
            fromJSONLines: #"{"id": "NULL", "title": "Null", "answer": "Antwort"}"#, file: "faq.jsonl", importedOn: Self.today)
        let snippet = try #require(snippets.first)
        let back = try SnippetFile.parse(contents: FAQImporter.fileContents(of: snippet), path: "\(snippet.id).md", authority: AuthorityFacts()).get()
        #expect(back == snippet)
    }

    @Test(
        "JSON lines with Windows line endings (CRLF) import")
    func windowsLineEndings() throws {
        let contents = #"{"id": "a", "title": "A", "answer": "x"}"# + "\r\n" + #"{"id": "b", "title": "B", "answer": "y"}"# + "\r\n"
        #expect(try FAQImporter.snippets(fromJSONLines: contents, file: "faq.jsonl", importedOn: Self.today).map(\.id) == ["a", "b"])
    }

    @Test("imported FAQ entries round-trip through their files")
    func importedEntriesRoundTrip() throws {
        let contents = #"""
            {"id": "Frage 1: Was?", "title": "Was ist \"COVID-19\"? #Info", "answer": "Eine Krankheit:\nsiehe 'RKI'.", "known_questions": ["Was ist COVID-19?", "Corona: was ist das?"], "source": "RKI", "category": "Allgemein"}
            """#
        let snippets = try FAQImporter.snippets(fromJSONLines: contents, file: "faq.jsonl", importedOn: Self.today)
        let snippet = try #require(snippets.first)
        #expect(snippet.id == "frage-1-was")
        let back = try SnippetFile.parse(contents: FAQImporter.fileContents(of: snippet), path: "frage-1-was.md", authority: AuthorityFacts()).get()
        #expect(back == snippet)
    }
}
