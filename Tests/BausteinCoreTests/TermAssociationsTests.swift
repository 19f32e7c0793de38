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
        let matcher = try Matcher(knowledgeBase: knowledgeBase, weights: weights)
        // Two confirmations say "Leuchte" means the street lamp, one says "Tonne" means bulky waste.
        try knowledgeBase.learn(phrasing: "Leuchte vorm Haus flackert", snippetID: "strassenlaterne-defekt", origin: .confirmation)
        try knowledgeBase.learn(phrasing: "Leuchte an der Ecke ist aus", snippetID: "strassenlaterne-defekt", origin: .confirmation)
        try knowledgeBase.learn(phrasing: "alte Tonne abholen", snippetID: "sperrmuell-anmelden", origin: .confirmation)
        let result = try matcher.match("Die Leuchte ist dunkel")
        #expect(result.suggestions.first?.snippetID == "strassenlaterne-defekt")
        #expect(result.suggestions.first?.reasons.contains { $0.word == "leuchte" } == true)
    }
}

/// Which terms find candidates on a large base: very common ones only score them.
@Suite("Candidate terms")
struct CandidateTermsTests {
    @Test("terms in too many snippets are left out while enough rarer ones remain; never all of them")
    func commonTerms() throws {
        let analyzer = try Analyzer()
        let vocabulary = Vocabulary(
            documentFrequency: ["antrag": 5000, "formular": 4000, "hundesteu": 12, "bello": 3, "zahl": 900], documentCount: 100_000)
        let query = QueryAnalysis.analyze(
            "Antrag Formular Hundesteuer Bello zahlen", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(),
            weights: MatchWeights())
        #expect(Set(query.searchTerms).isSuperset(of: ["antrag", "formular", "hundesteu", "bello"]))
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == Set(query.searchTerms).subtracting(["antrag", "formular"]))
        // Only common words: the rarest of them are kept, so a question still finds candidates.
        let common = QueryAnalysis.analyze("Antrag Formular", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: MatchWeights())
        #expect(common.candidateTerms(in: vocabulary, maximumFrequency: 2000, keep: 1) == ["formular"])
        #expect(Set(common.candidateTerms(in: vocabulary, maximumFrequency: 2000, keep: 3)) == ["antrag", "formular"])
    }

    @Test("index compounds that contain a word score candidates but do not find them")
    func containedCompoundsOnlyScore() throws {
        let analyzer = try Analyzer()
        let vocabulary = Vocabulary(documentFrequency: ["mull": 3, "sperrmull": 5, "restmull": 2, "abhol": 4], documentCount: 20)
        let query = QueryAnalysis.analyze(
            "Müll abholen", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: MatchWeights())
        #expect(Set(query.searchTerms) == ["mull", "sperrmull", "restmull", "abhol"])
        #expect(query.slots.flatMap(\.alternatives).contains { $0.term == "sperrmull" && $0.origin == .compound })
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == ["mull", "abhol"])
    }

    @Test("at most `limit` terms find candidates, those with the most evidence (weight × idf)")
    func strongestTermsFindCandidates() throws {
        let analyzer = try Analyzer()
        let vocabulary = Vocabulary(
            documentFrequency: ["hund": 40, "steu": 30, "bello": 1, "marke": 5, "zahl": 60], documentCount: 100)
        let query = QueryAnalysis.analyze(
            "Hund Steuer Bello Marke zahlen", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: MatchWeights())
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == ["hund", "steu", "bello", "marke", "zahl"])
        // The rarest words carry the most evidence; the order of the question is kept.
        #expect(query.candidateTerms(in: vocabulary, maximumFrequency: 2000, limit: 2) == ["bello", "marke"])
        #expect(query.candidateTerms(in: vocabulary, maximumFrequency: 2000, limit: 3) == ["steu", "bello", "marke"])
    }
}
