import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Term associations learned from confirmed pairs (a small translation model): what is kept, and how a
/// question uses it.
@Suite("Term associations")
struct TermAssociationsTests {
    /// Citizens' words on the left, the confirmed snippet's title and question terms on the right.
    static let pairs: [(source: Set<String>, target: Set<String>)] = [
        (["ansteck", "einkauf"], ["ubertrag", "coronavirus"]),
        (["ansteck", "kind"], ["ubertrag", "coronavirus", "kind"]),
        (["ansteck", "arbeit"], ["ubertrag", "coronavirus"]),
        (["mask", "helf"], ["mund", "nas", "schutz", "coronavirus"]),
        (["mask", "trag"], ["mund", "nas", "schutz", "coronavirus"]),
        (["impf", "wann"], ["impfstoff", "coronavirus"]),
    ]

    @Test("an association needs repeated evidence and must be likelier than chance")
    func filtering() {
        let model = TermAssociations(pairs: Self.pairs, minimumCount: 2, minimumLift: 1.5)
        #expect(model.associations(of: "ansteck").map(\.term) == ["ubertrag"])
        #expect(model.associations(of: "ansteck").first?.probability == 1)
        // "coronavirus" is in every target: it says nothing, whatever the word.
        #expect(!model.associations(of: "mask").map(\.term).contains("coronavirus"))
        #expect(Set(model.associations(of: "mask").map(\.term)) == ["mund", "nas", "schutz"])
        // Seen once only: not learned.
        #expect(model.associations(of: "impf").isEmpty)
        #expect(TermAssociations(pairs: Self.pairs, minimumCount: 1, minimumLift: 1.5).associations(of: "impf").map(\.term) == ["impfstoff"])
    }

    @Test("a question's word brings its associated terms, weighted by their probability")
    func queryAlternatives() throws {
        let analyzer = try Analyzer()
        let model = TermAssociations(pairs: Self.pairs, minimumCount: 2, minimumLift: 1.5)
        let vocabulary = Vocabulary(documentFrequency: ["ubertrag": 2, "coronavirus": 9, "mund": 1, "nas": 1, "schutz": 3], documentCount: 10)
        var weights = MatchWeights()
        weights.association = 0.5
        let query = QueryAnalysis.analyze(
            "Kann man sich anstecken?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), associations: model,
            weights: weights)
        let alternatives = query.slots.flatMap(\.alternatives).filter { $0.origin == .association }
        #expect(alternatives.map(\.term) == ["ubertrag"])
        #expect(alternatives.first?.weight == 0.5)

        weights.association = 0
        let off = QueryAnalysis.analyze(
            "Kann man sich anstecken?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), associations: model,
            weights: weights)
        #expect(!off.slots.flatMap(\.alternatives).contains { $0.origin == .association })
    }

    @Test("confirmations teach the matcher a word that then finds the snippet for a new question")
    func learningThroughConfirmations() throws {
        let knowledgeBase = try MatcherTests.makeKnowledgeBase()
        var weights = MatchWeights()
        weights.associationMinimumLift = 1.5
        // The mechanism, before the learning check could have decided (it counts from the first confirmation on).
        weights.learningCheck = 0
        let matcher = try Matcher(knowledgeBase: knowledgeBase, weights: weights)
        // Two confirmations say "Leuchte" means the street lamp, one says "Tonne" means bulky waste.
        try knowledgeBase.learn(phrasing: "Leuchte vorm Haus flackert", snippetID: "strassenlaterne-defekt", origin: .confirmation)
        try knowledgeBase.learn(phrasing: "Leuchte an der Ecke ist aus", snippetID: "strassenlaterne-defekt", origin: .confirmation)
        try knowledgeBase.learn(phrasing: "alte Tonne abholen", snippetID: "sperrmuell-anmelden", origin: .confirmation)
        let result = try matcher.match("Die Leuchte ist dunkel")
        #expect(result.suggestions.first?.snippetID == "strassenlaterne-defekt")
        #expect(result.suggestions.first?.reasons.contains { $0.word == "leuchte" } == true)
        // Learned associations are learned evidence: until the base's confirmations show that learning helps
        // (LearningCheck), the snippets' own words rank and "Leuchte" stands for nothing in them.
        var checked = weights
        checked.learningCheck = MatchWeights().learningCheck
        let own = try Matcher(knowledgeBase: knowledgeBase, weights: checked).match("Die Leuchte ist dunkel")
        #expect(!own.usesLearning)
        #expect(own.suggestions.allSatisfy { suggestion in !suggestion.reasons.contains { $0.word == "leuchte" } })
        #expect(own.firstLearned == "strassenlaterne-defekt")
    }
}
