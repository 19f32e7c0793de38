@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// A large sync prepares its snippets a batch at a time on all cores: the result must not depend on the batches.
@Suite("Sync in batches")
struct SyncBatchTests {
    static let topics = [
        ("sperrmuell", "Sperrmüll anmelden", "Wie melde ich Sperrmüll an?", "Sperrmüll melden Sie online an."),
        ("personalausweis", "Personalausweis beantragen", "Wo beantrage ich einen Personalausweis?", "Den Ausweis beantragen Sie im Bürgeramt."),
        ("kitaplatz", "Kitaplatz anmelden", "Wie bekomme ich einen Kitaplatz?", "Den Kitaplatz melden Sie im Kita-Portal an."),
        ("hundesteuer", "Hundesteuer", "Wie hoch ist die Hundesteuer?", "Die Hundesteuer beträgt 96 Euro im Jahr."),
        ("wohngeld", "Wohngeld beantragen", "Bekomme ich Wohngeld?", "Wohngeld beantragen Sie bei der Wohngeldstelle."),
    ]

    static func sources(changing id: String? = nil, dropping dropped: String? = nil) -> [SnippetSource] {
        topics.filter { $0.0 != dropped }.map { id0, title, question, body in
            let snippet = Snippet(
                id: id0, title: title, questions: [question], approvedBy: "Pressestelle", approvedOn: Day("2026-10-01")!,
                body: "Guten Tag {{name}}, \(body)\(id0 == id ? " Bitte bringen Sie die Steuermarke mit." : "")")
            return SnippetSource(snippet: snippet, path: "\(id0).md")
        }
    }

    /// Every row the matcher reads: the stored analysis and the full-text index's vocabulary with its counts.
    static func index(_ knowledgeBase: KnowledgeBase) throws -> [String] {
        try knowledgeBase.index.read { db in
            let analysis = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, a.title, a.questions, a.learned, a.keywords, a.body
                    FROM snippet_analysis a JOIN snippet s USING (docid) ORDER BY s.id
                    """
            ).map { row in (0..<6).map { row[$0] as String }.joined(separator: " | ") }
            let vocabulary = try Row.fetchAll(db, sql: "SELECT term, doc, cnt FROM snippet_vocab ORDER BY term").map { row in
                "\(row[0] as String): \(row[1] as Int) / \(row[2] as Int)"
            }
            return analysis + vocabulary
        }
    }

    @Test("snippets prepared two at a time are indexed exactly as in one batch, across a change, a learned phrasing and a retirement")
    func batchesDoNotMatter() throws {
        let batched = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let whole = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let first = try batched.sync(Self.sources(), batchSize: 2)
        try whole.sync(Self.sources(), batchSize: 100)
        #expect(first.added == ["hundesteuer", "kitaplatz", "personalausweis", "sperrmuell", "wohngeld"])
        #expect(try Self.index(batched) == Self.index(whole))

        // The snippet in the second batch learns a phrasing, then changes: its new index rows must keep the phrasing.
        for base in [batched, whole] {
            #expect(try base.learn(phrasing: "Was kostet mein Dackel im Jahr?", snippetID: "hundesteuer", origin: .confirmation))
        }
        let second = try batched.sync(Self.sources(changing: "hundesteuer", dropping: "sperrmuell"), batchSize: 2)
        try whole.sync(Self.sources(changing: "hundesteuer", dropping: "sperrmuell"), batchSize: 100)
        #expect(second.changed == ["hundesteuer"])
        #expect(second.retired == ["sperrmuell"])
        #expect(second.unchanged == ["kitaplatz", "personalausweis", "wohngeld"])
        let rows = try Self.index(batched)
        #expect(rows == (try Self.index(whole)))
        let hundesteuer = try #require(rows.first { $0.hasPrefix("hundesteuer |") })
        #expect(hundesteuer.contains("steuermark"), "the changed text is indexed: \(hundesteuer)")
        #expect(hundesteuer.contains("dackel"), "the learned phrasing is indexed with the changed snippet: \(hundesteuer)")
        #expect(!rows.contains { $0.hasPrefix("sperrmuell |") }, "the retired snippet left the index")
    }
}
