import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The press office edits snippet files by hand; every mistake must point at the file and the line to fix.
@Suite("Snippet files")
struct SnippetFileTests {
    static let authority = AuthorityFacts(values: ["telefon": "0123 4567-0", "buergeramt.telefon": "0123 4567-100"])

    /// The problems of one file, or none when it parses.
    func problems(_ contents: String, path: String = "buergeramt/perso.md") -> [SnippetFileError] {
        switch SnippetFile.parse(contents: contents, path: path, authority: Self.authority) {
        case .success: return []
        case .failure(let errors): return errors.problems
        }
    }

    /// Expects exactly one problem, with this line and reason, in the given file.
    func expectOnlyProblem(
        _ contents: String, path: String = "buergeramt/perso.md", line: Int, reason: SnippetFileError.Reason,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let found = problems(contents, path: path)
        #expect(found == [SnippetFileError(file: path, line: line, reason: reason)], sourceLocation: sourceLocation)
        if let problem = found.first {
            #expect(problem.description.hasPrefix("\(path):\(line): "), sourceLocation: sourceLocation)
        }
    }

    /// A valid front matter for `perso.md`, line by line; `---` is line 1, `id` line 2.
    static let header = [
        "---",  // 1
        "id: perso",  // 2
        "title: Personalausweis beantragen",  // 3
        "questions:",  // 4
        "  - Wie beantrage ich einen Personalausweis?",  // 5
        "approved_by: Bürgeramt",  // 6
        "approved_on: 2026-10-01",  // 7
    ]

    /// The header with some lines replaced or added, closed by `---` and a body.
    static func file(replacing: [Int: String] = [:], adding extra: [String] = [], body: String = "Guten Tag {{name}},\nhier die Antwort.")
        -> String
    {
        var lines = header
        for (line, text) in replacing { lines[line - 1] = text }
        lines += extra
        lines += ["---", body]
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("a valid file parses with all its fields")
    func validFile() throws {
        let contents = """
            ---
            id: perso
            title: "Personalausweis: beantragen & verlängern"
            questions:
              - Wie beantrage ich einen Personalausweis?
              - 'Perso abgelaufen: was tun?'
            keywords: [Perso, Ausweis]
            tags:
              - buergeramt
            approval: press
            approved_by: Pressestelle
            approved_on: 2026-10-01
            review_by: 2027-04-01
            valid_from: 2026-01-01
            valid_until: 2026-12-31
            short: "Kurz: Termin unter {{amt.telefon}}"
            source: https://www.musterstadt.example/perso
            ---

            Guten Tag {{name}},

            rufen Sie uns an: {{ amt.buergeramt.telefon }}.
            """
        let snippet = try SnippetFile.parse(contents: contents, path: "buergeramt/perso.md", authority: Self.authority).get()
        #expect(snippet.id == "perso")
        #expect(snippet.title == "Personalausweis: beantragen & verlängern")
        #expect(snippet.questions == ["Wie beantrage ich einen Personalausweis?", "Perso abgelaufen: was tun?"])
        #expect(snippet.keywords == ["Perso", "Ausweis"])
        #expect(snippet.tags == ["buergeramt"])
        #expect(snippet.approval == .press)
        #expect(snippet.approvedBy == "Pressestelle")
        #expect(snippet.approvedOn == Day("2026-10-01"))
        #expect(snippet.reviewBy == Day("2027-04-01"))
        #expect(snippet.validFrom == Day("2026-01-01"))
        #expect(snippet.validUntil == Day("2026-12-31"))
        #expect(snippet.short == "Kurz: Termin unter {{amt.telefon}}")
        #expect(snippet.source == "https://www.musterstadt.example/perso")
        #expect(snippet.body == "Guten Tag {{name}},\n\nrufen Sie uns an: {{ amt.buergeramt.telefon }}.")
        #expect(snippet.isValid(on: Day("2026-11-01")!))
        #expect(!snippet.isValid(on: Day("2027-01-01")!))
    }

    @Test("optional fields default: approval staff, no keywords, no window; a byte order mark is fine")
    func defaults() throws {
        let contents = "\u{FEFF}" + Self.file()
        let snippet = try SnippetFile.parse(contents: contents, path: "perso.md", authority: Self.authority).get()
        #expect(snippet.approval == .staff)
        #expect(snippet.keywords.isEmpty && snippet.tags.isEmpty)
        #expect(snippet.validFrom == nil && snippet.validUntil == nil && snippet.short == nil)
        #expect(snippet.body == "Guten Tag {{name}},\nhier die Antwort.")
    }

    @Test(
        "a file saved with Windows line endings (CRLF) parses like one with LF")
    func windowsLineEndings() throws {
        let contents = Self.file().replacingOccurrences(of: "\n", with: "\r\n")
        let snippet = try SnippetFile.parse(contents: contents, path: "perso.md", authority: Self.authority).get()
        #expect(snippet == (try SnippetFile.parse(contents: Self.file(), path: "perso.md", authority: Self.authority).get()))
        #expect(!snippet.body.contains("\r"))
    }

    // MARK: One test per problem kind

    @Test("missing front matter: line 1")
    func missingFrontMatter() {
        expectOnlyProblem("Guten Tag,\nhier die Antwort.\n", line: 1, reason: .missingFrontMatter)
    }

    @Test("unterminated front matter: line 1")
    func unterminatedFrontMatter() {
        expectOnlyProblem(Self.header.joined(separator: "\n") + "\nGuten Tag.\n", line: 1, reason: .unterminatedFrontMatter)
    }

    @Test("invalid YAML: the line of the unquoted ':'")
    func invalidYAML() {
        let found = problems(Self.file(replacing: [3: "title: Perso: was tun?"]))
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        guard case .invalidYAML = found.first?.reason else {
            Issue.record("expected invalid YAML, got \(found)")
            return
        }
        #expect(found.first?.message.contains("Anführungszeichen") == true)
    }

    @Test("invalid YAML: a bad indentation further down")
    func invalidYAMLIndentation() {
        let found = problems(Self.file(adding: ["keywords:", "  - Perso", " - Ausweis"]))
        #expect(found.count == 1)
        #expect(found.first?.line == 10)
        guard case .invalidYAML = found.first?.reason else {
            Issue.record("expected invalid YAML, got \(found)")
            return
        }
    }

    @Test("a field written twice is an error")
    func duplicateField() {
        let found = problems(Self.file(adding: ["title: Noch ein Titel"]))
        #expect(found.count == 1)
        guard case .invalidYAML(let detail) = found.first?.reason else {
            Issue.record("expected invalid YAML, got \(found)")
            return
        }
        #expect(detail.contains("title"))
    }

    @Test(
        "a field written twice is reported at the second occurrence")
    func duplicateFieldLine() {
        #expect(problems(Self.file(adding: ["title: Noch ein Titel"])).map(\.line) == [8])
    }

    @Test("front matter that is not a mapping: line 2")
    func notAMapping() {
        expectOnlyProblem("---\n- eins\n- zwei\n---\nAntwort\n", line: 2, reason: .frontMatterNotAMapping)
    }
}
