import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

extension SnippetFileTests {
    @Test("unknown field: its own line")
    func unknownField() {
        expectOnlyProblem(Self.file(adding: ["colour: blau"]), line: 8, reason: .unknownField("colour"))
        expectOnlyProblem(
            Self.file(replacing: [6: "approvedBy: Bürgeramt"], adding: ["approved_by: Bürgeramt"]), line: 6,
            reason: .unknownField("approvedBy"))
    }

    @Test("missing required field: line 1, one problem per field")
    func missingField() {
        var lines = Self.header
        lines.remove(at: 2)  // title
        expectOnlyProblem((lines + ["---", "Antwort"]).joined(separator: "\n"), line: 1, reason: .missingField("title"))
        let found = problems("---\nid: perso\n---\nAntwort\n")
        #expect(
            Set(found)
                == Set(
                    ["title", "questions", "approved_by", "approved_on"].map {
                        SnippetFileError(file: "buergeramt/perso.md", line: 1, reason: .missingField($0))
                    }))
    }

    @Test("wrong type: a list where text belongs, text where a list belongs, a map inside a list")
    func wrongType() {
        expectOnlyProblem(
            Self.file(replacing: [3: "title: [Perso, Ausweis]"]), line: 3,
            reason: .wrongType(field: "title", expected: "ein einzelner Text"))
        expectOnlyProblem(
            Self.file(replacing: [4: "questions: Wie beantrage ich einen Personalausweis?", 5: "tags: [buergeramt]"]), line: 4,
            reason: .wrongType(field: "questions", expected: "eine Liste ([a, b] oder '- a' je Zeile)"))
        expectOnlyProblem(
            Self.file(adding: ["keywords:", "  - Perso", "  - ort: Bürgeramt"]), line: 10,
            reason: .wrongType(field: "keywords", expected: "eine Liste von Texten"))
    }

    @Test("empty value: the field's line")
    func emptyValue() {
        expectOnlyProblem(Self.file(replacing: [3: "title: \"\""]), line: 3, reason: .emptyValue(field: "title"))
        expectOnlyProblem(Self.file(replacing: [6: "approved_by:"]), line: 6, reason: .emptyValue(field: "approved_by"))
        expectOnlyProblem(Self.file(replacing: [4: "questions: []", 5: "tags: []"]), line: 4, reason: .emptyValue(field: "questions"))
        expectOnlyProblem(Self.file(adding: ["keywords:", "  - Perso", "  - \"\""]), line: 10, reason: .emptyValue(field: "keywords"))
    }

    @Test("invalid id: line 2")
    func invalidID() {
        expectOnlyProblem(Self.file(replacing: [2: "id: Perso_Antrag"]), path: "Perso_Antrag.md", line: 2, reason: .invalidID("Perso_Antrag"))
        expectOnlyProblem(Self.file(replacing: [2: "id: führerschein"]), path: "führerschein.md", line: 2, reason: .invalidID("führerschein"))
    }

    @Test("id and file name differ: the id's line")
    func idDoesNotMatchFileName() {
        expectOnlyProblem(
            Self.file(), path: "buergeramt/personalausweis.md", line: 2,
            reason: .idDoesNotMatchFileName(id: "perso", expected: "personalausweis"))
        var lines = Self.header
        lines.swapAt(1, 2)  // title first, id on line 3
        expectOnlyProblem(
            (lines + ["---", "Antwort"]).joined(separator: "\n"), path: "ausweis.md", line: 3,
            reason: .idDoesNotMatchFileName(id: "perso", expected: "ausweis"))
    }

    @Test("duplicate id across two files: the second file's id line, naming the first")
    func duplicateID() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(Self.file(), to: "a/perso.md", in: directory)
        var lines = Self.header
        lines.swapAt(1, 2)  // id on line 3 in the second file
        try TestEnvironment.write((lines + ["---", "Antwort"]).joined(separator: "\n"), to: "b/perso.md", in: directory)
        let library = try SnippetLibrary.load(directory: directory, authority: Self.authority)
        let first = directory.appendingPathComponent("a/perso.md").path
        let second = directory.appendingPathComponent("b/perso.md").path
        #expect(library.problems == [SnippetFileError(file: second, line: 3, reason: .duplicateID(id: "perso", otherFile: first))])
        #expect(library.snippets.map(\.path) == ["a/perso.md"])
    }

    @Test("bad date: the field's line, also for 2026-02-30 and German notation")
    func badDate() {
        expectOnlyProblem(
            Self.file(replacing: [7: "approved_on: 2026-02-30"]), line: 7, reason: .badDate(field: "approved_on", value: "2026-02-30"))
        expectOnlyProblem(
            Self.file(replacing: [7: "approved_on: 01.10.2026"]), line: 7, reason: .badDate(field: "approved_on", value: "01.10.2026"))
        expectOnlyProblem(
            Self.file(adding: ["review_by: 2027-13-01"]), line: 8, reason: .badDate(field: "review_by", value: "2027-13-01"))
        expectOnlyProblem(
            Self.file(adding: ["valid_from: 2026-2-1"]), line: 8, reason: .badDate(field: "valid_from", value: "2026-2-1"))
        // 2028 is a leap year, 2100 is not.
        #expect(problems(Self.file(replacing: [7: "approved_on: 2028-02-29"])).isEmpty)
        expectOnlyProblem(
            Self.file(replacing: [7: "approved_on: 2100-02-29"]), line: 7, reason: .badDate(field: "approved_on", value: "2100-02-29"))
    }

    @Test("invalid approval: its line")
    func invalidApproval() {
        expectOnlyProblem(Self.file(adding: ["approval: chef"]), line: 8, reason: .invalidApproval("chef"))
    }

    @Test("validity window inverted: the valid_until line")
    func validityWindowInverted() {
        expectOnlyProblem(
            Self.file(adding: ["valid_until: 2026-11-01", "valid_from: 2026-12-01"]), line: 8, reason: .validityWindowInverted)
        #expect(problems(Self.file(adding: ["valid_from: 2026-11-01", "valid_until: 2026-11-01"])).isEmpty)
    }

    @Test("empty body: the line after the closing ---")
    func emptyBody() {
        expectOnlyProblem(Self.header.joined(separator: "\n") + "\n---\n\n   \n", line: 9, reason: .emptyBody)
        expectOnlyProblem(Self.header.joined(separator: "\n") + "\n---", line: 9, reason: .emptyBody)
    }

    @Test("unknown {{amt.x}} key: the line inside the body")
    func unknownAuthorityKey() {
        // Line 8 is ---, line 9 is blank, the body starts on line 10.
        let body = "\nGuten Tag {{name}},\n\nrufen Sie uns an: {{amt.telefon}}\noder schreiben Sie an {{amt.email}}."
        expectOnlyProblem(Self.file(body: body), line: 13, reason: .unknownAuthorityKey("email"))
        expectOnlyProblem(Self.file(adding: ["short: \"Ruf an: {{amt.fax}}\""]), line: 8, reason: .unknownAuthorityKey("fax"))
    }

    @Test("unclosed placeholder: its line inside the body")
    func unclosedPlaceholder() {
        expectOnlyProblem(Self.file(body: "Guten Tag {{name}},\n\nbitte {{amt.telefon anrufen."), line: 11, reason: .unclosedPlaceholder)
    }

    @Test("an unreadable file (not UTF-8): line 1")
    func unreadable() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: directory.appendingPathComponent("kaputt.md"))
        let library = try SnippetLibrary.load(directory: directory, authority: Self.authority)
        #expect(library.problems.count == 1)
        #expect(library.problems.first?.file == directory.appendingPathComponent("kaputt.md").path)
        #expect(library.problems.first?.line == 1)
        guard case .unreadable = library.problems.first?.reason else {
            Issue.record("expected an unreadable-file problem, got \(library.problems)")
            return
        }
    }

    @Test("every problem in a file is reported, in one pass")
    func severalProblems() {
        let found = problems(Self.file(replacing: [7: "approved_on: morgen"], adding: ["approval: chef", "farbe: rot"]))
        #expect(found.map(\.line).sorted() == [7, 8, 9])
    }

    // MARK: The library

    @Test("drafts, hidden folders and README files are skipped; snippets are sorted by id")
    func librarySkipsDrafts() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "zulassung", title: "Zulassung", questions: ["Auto anmelden?"]), to: "kfz/zulassung.md", in: directory)
        try TestEnvironment.write(TestEnvironment.snippetFile(id: "abfall", title: "Abfall", questions: ["Müll?"]), to: "z/abfall.md", in: directory)
        try TestEnvironment.write("kaputt", to: "_drafts/entwurf.md", in: directory)
        try TestEnvironment.write("kaputt", to: ".git/x.md", in: directory)
        try TestEnvironment.write("# Hinweise", to: "README.md", in: directory)
        try TestEnvironment.write("keine Markdown-Datei", to: "kfz/notizen.txt", in: directory)
        let library = try SnippetLibrary.load(directory: directory, authority: AuthorityFacts())
        #expect(library.problems.isEmpty)
        #expect(library.snippets.map(\.snippet.id) == ["abfall", "zulassung"])
        #expect(library.snippets.map(\.path) == ["z/abfall.md", "kfz/zulassung.md"])
    }

    @Test("a folder that does not exist is an error that names it")
    func missingFolder() {
        #expect(throws: SnippetLibraryError.notADirectory("/nonexistent/snippets")) {
            try SnippetLibrary.load(directory: URL(fileURLWithPath: "/nonexistent/snippets"), authority: AuthorityFacts())
        }
    }
}
