import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Which terms find candidates on a large base: very common ones only score them.
@Suite("Candidate terms")
struct CandidateTermsTests {
    /// A question analysed against a vocabulary of the given document frequencies.
    static func analyze(_ question: String, _ frequencies: [String: Int], documentCount: Int) throws -> (QueryAnalysis, Vocabulary) {
        let vocabulary = Vocabulary(documentFrequency: frequencies, documentCount: documentCount)
        let query = QueryAnalysis.analyze(
            question, analyzer: try Analyzer(), vocabulary: vocabulary, synonyms: SynonymTable(), weights: MatchWeights())
        return (query, vocabulary)
    }

    @Test("terms in too many snippets are left out while enough rarer ones remain; never all of them")
    func commonTerms() throws {
        let frequencies = ["antrag": 5000, "formular": 4000, "hundesteu": 12, "bello": 3, "zahl": 900]
        let (query, vocabulary) = try Self.analyze("Antrag Formular Hundesteuer Bello zahlen", frequencies, documentCount: 100_000)
        #expect(Set(query.searchTerms).isSuperset(of: ["antrag", "formular", "hundesteu", "bello"]))
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == Set(query.searchTerms).subtracting(["antrag", "formular"]))
        // Only common words: the rarest of them are kept, so a question still finds candidates.
        let (common, _) = try Self.analyze("Antrag Formular", frequencies, documentCount: 100_000)
        #expect(common.candidateTerms(in: vocabulary, maximumFrequency: 2000, keep: 1) == ["formular"])
        #expect(Set(common.candidateTerms(in: vocabulary, maximumFrequency: 2000, keep: 3)) == ["antrag", "formular"])
    }

    @Test("index compounds that contain a word score candidates but do not find them")
    func containedCompoundsOnlyScore() throws {
        let (query, vocabulary) = try Self.analyze(
            "Müll abholen", ["mull": 3, "sperrmull": 5, "restmull": 2, "abhol": 4], documentCount: 20)
        #expect(Set(query.searchTerms) == ["mull", "sperrmull", "restmull", "abhol"])
        #expect(query.slots.flatMap(\.alternatives).contains { $0.term == "sperrmull" && $0.origin == .compound })
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == ["mull", "abhol"])
    }

    @Test("at most `limit` terms find candidates, those with the most evidence (weight × idf)")
    func strongestTermsFindCandidates() throws {
        let (query, vocabulary) = try Self.analyze(
            "Hund Steuer Bello Marke zahlen", ["hund": 40, "steu": 30, "bello": 1, "marke": 5, "zahl": 60], documentCount: 100)
        #expect(Set(query.candidateTerms(in: vocabulary, maximumFrequency: 2000)) == ["hund", "steu", "bello", "marke", "zahl"])
        // The rarest words carry the most evidence; the order of the question is kept.
        #expect(query.candidateTerms(in: vocabulary, maximumFrequency: 2000, limit: 2) == ["bello", "marke"])
        #expect(query.candidateTerms(in: vocabulary, maximumFrequency: 2000, limit: 3) == ["steu", "bello", "marke"])
    }
}
