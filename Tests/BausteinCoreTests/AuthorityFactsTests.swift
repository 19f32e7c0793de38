import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `knowledge/authority.yaml`: the local facts behind `{{amt.*}}`.
@Suite("Authority facts")
struct AuthorityFactsTests {
    @Test("nested maps are flattened with dots")
    func flattening() throws {
        let facts = try AuthorityFacts(
            yaml: """
                # Musterstadt
                name: "Stadt Musterstadt"
                telefon: 0123 4567-0
                buergeramt:
                  telefon: "0123 4567-100"
                  zeiten:
                    montag: 8–12 Uhr
                plz: 01234
                """, file: "authority.yaml")
        #expect(
            facts.values == [
                "name": "Stadt Musterstadt", "telefon": "0123 4567-0", "buergeramt.telefon": "0123 4567-100",
                "buergeramt.zeiten.montag": "8–12 Uhr", "plz": "01234",
            ])
    }

    @Test("a list is not a fact: error with the key's line")
    func listIsAnError() {
        #expect(
            throws: SnippetFileError(file: "authority.yaml", line: 3, reason: .wrongType(field: "kfz.telefon", expected: "ein Text oder eine Gruppe"))
        ) {
            try AuthorityFacts(yaml: "name: X\nkfz:\n  telefon:\n    - 1\n    - 2\n", file: "authority.yaml")
        }
    }

    @Test("broken YAML names the file and line")
    func brokenYAML() {
        do {
            _ = try AuthorityFacts(yaml: "name: X\ntelefon: \"offen\n", file: "authority.yaml")
            Issue.record("expected an error")
        } catch let error as SnippetFileError {
            #expect(error.file == "authority.yaml")
            guard case .invalidYAML = error.reason else {
                Issue.record("expected invalid YAML, got \(error)")
                return
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("nested keys are usable as placeholders; a missing file means no facts")
    func nestedPlaceholders() throws {
        let facts = try AuthorityFacts(yaml: "kfz:\n  telefon: \"0123\"\n", file: "authority.yaml")
        let contents = TestEnvironment.snippetFile(id: "kfz", title: "Kfz", questions: ["Auto?"], body: "Ruf an: {{amt.kfz.telefon}}")
        #expect((try? SnippetFile.parse(contents: contents, path: "kfz.md", authority: facts).get()) != nil)
        #expect((try? SnippetFile.parse(contents: contents, path: "kfz.md", authority: AuthorityFacts()).get()) == nil)
        #expect(try AuthorityFacts.load(from: URL(fileURLWithPath: "/nonexistent/authority.yaml")) == AuthorityFacts())
    }
}
