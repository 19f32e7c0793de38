@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

@Suite("Meaning channel: long replies and titles alone")
struct MeaningShapeTests {
    @Test("a long reply is cut at sentence ends into sections no longer than the size, no word lost or reordered")
    func sections() {
        let body =
            (1...40).map { "Die Hundesteuer für den Hund Nummer \($0) wird jährlich im Voraus fällig." }.joined(separator: " ")
            + "\n\nEin Absatz ohne Punkt\n" + String(repeating: "Wort ", count: 120)
        let parts = MeaningChannel.sections(of: body, size: 200)
        #expect(parts.count > 10)
        #expect(parts.allSatisfy { !$0.isEmpty && $0.count <= 200 })
        #expect(parts.flatMap { $0.split(separator: " ") } == body.split(whereSeparator: \.isWhitespace))
        // A section ends where a sentence ends, while the next sentence would not fit.
        #expect(parts[0].hasSuffix("fällig.") && parts[1].hasPrefix("Die Hundesteuer"))
        // The paragraph without a sentence end starts a section of its own only when the last one is full; the long
        // run of words is cut at spaces.
        #expect(parts.last?.hasPrefix("Wort") == true)
        #expect(MeaningChannel.sections(of: "Kurz. Und gut.") == ["Kurz. Und gut."])
        #expect(MeaningChannel.sections(of: " \n ").isEmpty)
    }

    static let tail = "Rentner erhalten auf Antrag eine Ermäßigung der Hundesteuer um die Hälfte."
    static let longBody =
        (1...25).map { "Die Gebühren für die Müllabfuhr richten sich nach der Größe der Tonne \($0) und werden vierteljährlich abgebucht. " }
        .joined() + tail
    /// An FAQ as `baustein eval` and `import` read it: one page with its title alone (no `questions:`), one with
    /// example questions.
    static let faq = [
        #"{"id": "gebuehren", "title": "Gebühren der Stadt", "answer": "\#(longBody)", "known_questions": []}"#,
        #"{"id": "hund-anmelden", "title": "Hund anmelden", "answer": "Hunde melden Sie beim Steueramt an; die Hundesteuer beträgt 96 Euro im Jahr.", "known_questions": ["Wo melde ich meinen Hund an?"]}"#,
    ]

    static func knowledgeBase(_ lines: [String]) throws -> KnowledgeBase {
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let snippets = try FAQImporter.snippets(fromJSONLines: lines.joined(separator: "\n"), file: "faq.jsonl", importedOn: Day("2026-11-01")!)
        try knowledgeBase.sync(snippets.map { SnippetSource(snippet: $0, path: "faq.jsonl") })
        return knowledgeBase
    }

    @Test("a snippet's similarity weighs its best question against its reply: the passage and its best section")
    func similarityShape() throws {
        let knowledgeBase = try Self.knowledgeBase(Self.faq)
        let embedder = TrigramEmbedder()
        let channel = MeaningChannel(embedder: embedder, cache: knowledgeBase.embeddingCache)

        let sections = MeaningChannel.sections(of: Self.longBody).map { "Gebühren der Stadt\n\($0)" }
        #expect(sections.count == 3 && sections.last?.hasSuffix(Self.tail) == true)
        // The long reply: title, passage and three sections; the short one: title, question and passage.
        #expect(try channel.refresh(knowledgeBase) == 5 + 3)
        #expect(Set(sections).isSubset(of: Set(embedder.embedded)))
        #expect(try channel.prune(knowledgeBase) == 0)

        let question = "Bekommen Rentner eine Ermäßigung bei der Hundesteuer?"
        func cosine(_ a: String, _ b: String) throws -> Double {
            let vectors = try embedder.embed([a, b], as: .passage)
            return Double(vectors[0].dot(vectors[1]))
        }
        let title = try cosine(question, "Gebühren der Stadt")
        let passage = try cosine(question, "Gebühren der Stadt\n\(MeaningChannel.normalized(Self.longBody))")
        let section = try sections.map { try cosine(question, $0) }.max() ?? 0
        let dogQuestion = max(try cosine(question, "Hund anmelden"), try cosine(question, "Wo melde ich meinen Hund an?"))
        let dogPassage = try cosine(question, "Hund anmelden\nHunde melden Sie beim Steueramt an; die Hundesteuer beträgt 96 Euro im Jahr.")

        func similarities(_ change: (inout MatchWeights) -> Void) throws -> [String: Double] {
            var weights = MatchWeights()
            change(&weights)
            let result = try Matcher(knowledgeBase: knowledgeBase, weights: weights, meaning: channel).match(question, limit: 5)
            return Dictionary(
                uniqueKeysWithValues: result.suggestions.compactMap { suggestion in suggestion.meaning.map { (suggestion.snippetID, $0) } })
        }
        let shipped = try similarities { _ in }
        // A title alone counts 0.2, example questions 0.5; the reply's side is half passage, half best section.
        #expect(abs(try #require(shipped["gebuehren"]) - (0.2 * title + 0.8 * (0.5 * passage + 0.5 * section))) < 1e-5)
        #expect(abs(try #require(shipped["hund-anmelden"]) - (0.5 * dogQuestion + 0.5 * dogPassage)) < 1e-5)
        // Without sections and with the title weighed like questions, the similarity is the earlier mean.
        let flat = try similarities {
            $0.meaningSections = 0
            $0.meaningTitleOnly = 0.5
        }
        #expect(abs(try #require(flat["gebuehren"]) - (title + passage) / 2) < 1e-5)
        #expect(section > passage)
    }

    @Test("a snippet asks when it has an example question beside its title or a title that is a question; a label alone does not")
    func asksQuestions() throws {
        let lines =
            Self.faq + [
                #"{"id": "quarantaene", "title": "Wie lange dauert die Quarantäne?", "answer": "Zehn Tage.", "known_questions": ["Wie lange dauert die Quarantäne?"]}"#
            ]
        let snippets = try FAQImporter.snippets(fromJSONLines: lines.joined(separator: "\n"), file: "faq.jsonl", importedOn: Day("2026-11-01")!)
        // The importer gives a page without questions its title as the one question: still a label.
        #expect(snippets[0].questions == ["Gebühren der Stadt"])
        #expect(snippets.map { MeaningChannel.texts(of: $0).asksQuestions } == [false, true, true])
    }

    @Test("a reply that fits in one section adds no vectors beside its passage")
    func shortReply() throws {
        let knowledgeBase = try Self.knowledgeBase([Self.faq[1]])
        #expect(try MeaningChannel(embedder: TrigramEmbedder(), cache: knowledgeBase.embeddingCache).refresh(knowledgeBase) == 3)
    }
}
