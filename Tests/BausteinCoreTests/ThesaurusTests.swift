import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The general thesaurus: parsed from the OpenThesaurus text format, and used only as weak evidence
/// that the index's own vocabulary filters.
@Suite("Thesaurus")
struct ThesaurusTests {
    static let text = """
        # OpenThesaurus - German Thesaurus in text format
        Krankheitszeichen;Krankheitssymptom;Symptom;Beschwerde
        entflammen;anstecken (ugs.);in Brand setzen;anzünden
        anstecken;infizieren
        Straßenlaterne;Straßenlampe;Straßenleuchte
        """

    @Test("notes in parentheses are dropped, multi-word members left out, members stemmed like the index")
    func parsing() throws {
        let thesaurus = Thesaurus(contents: Self.text, analyzer: try Analyzer())
        #expect(thesaurus.count == 4)
        let analyzer = try Analyzer()
        let symptom = try #require(analyzer.terms("Symptome").first)
        #expect(thesaurus.synonyms(of: symptom).contains(try #require(analyzer.terms("Krankheitszeichen").first)))
        let anstecken = try #require(analyzer.terms("anstecken").first)
        let synonyms = thesaurus.synonyms(of: anstecken)
        #expect(synonyms.contains(try #require(analyzer.terms("infizieren").first)))
        #expect(synonyms.contains(try #require(analyzer.terms("anzünden").first)))
        #expect(!synonyms.contains("brand"))
    }

    @Test("only index terms are offered, the rarest first, at most the limit")
    func vocabularyFilter() throws {
        let analyzer = try Analyzer()
        let thesaurus = Thesaurus(contents: Self.text, analyzer: analyzer)
        let term = { (word: String) in analyzer.terms(word)[0] }
        // The index is about infections, not fire: "anzünden" is not an index term and never offered.
        let vocabulary = Vocabulary(
            documentFrequency: [term("infizieren"): 3, term("Krankheitszeichen"): 1, term("Beschwerde"): 9], documentCount: 20)
        #expect(thesaurus.expansions(of: term("anstecken"), in: vocabulary, limit: 2) == [term("infizieren")])
        #expect(thesaurus.expansions(of: term("Symptom"), in: vocabulary, limit: 2) == [term("Krankheitszeichen"), term("Beschwerde")])
        #expect(thesaurus.expansions(of: term("Symptom"), in: vocabulary, limit: 1) == [term("Krankheitszeichen")])
        #expect(thesaurus.expansions(of: "unbekannt", in: vocabulary, limit: 2).isEmpty)
    }

    @Test("a thesaurus synonym finds a snippet, but an exact match still ranks first")
    func matching() throws {
        let knowledgeBase = try MatcherTests.makeKnowledgeBase()
        let thesaurus = Thesaurus(contents: Self.text, analyzer: try Analyzer())
        let matcher = try Matcher(knowledgeBase: knowledgeBase, thesaurus: thesaurus)
        let result = try matcher.match("Straßenlampe flackert nachts")
        #expect(result.suggestions.first?.snippetID == "strassenlaterne-defekt")
        #expect(result.suggestions.first?.reasons.contains { $0.origin == .thesaurus } == true)

        var off = MatchWeights()
        off.thesaurus = 0
        let without = try Matcher(knowledgeBase: knowledgeBase, thesaurus: thesaurus, weights: off).match("Straßenlampe flackert nachts")
        #expect(without.suggestions.first?.reasons.contains { $0.origin == .thesaurus } != true)
    }

    @Test("the workflow's matcher, which intake and the server use, has the knowledge folder's thesaurus like ask and eval")
    func workflowMatcher() throws {
        let knowledge = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: knowledge) }
        try TestEnvironment.write(Self.text, to: "thesaurus.txt", in: knowledge)
        let workflow = try Workflow(
            knowledgeBase: try MatcherTests.makeKnowledgeBase(), resources: try KnowledgeResources.load(from: knowledge),
            configuration: WorkflowFixture.configuration(), triggers: EscalationTriggers())
        let result = try workflow.matcher.match("Straßenlampe flackert nachts")
        #expect(result.suggestions.first?.reasons.contains { $0.origin == .thesaurus } == true)
    }

    @Test("a missing thesaurus file is an empty thesaurus")
    func missingFile() throws {
        let thesaurus = try Thesaurus.load(from: URL(fileURLWithPath: "/nonexistent/thesaurus.txt"), analyzer: try Analyzer())
        #expect(thesaurus.count == 0)
    }
}
