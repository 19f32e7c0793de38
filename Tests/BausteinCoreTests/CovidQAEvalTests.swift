import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// A regression guard on a public German FAQ (COVID-QA, ../shared/eval/covidqa-de): cold, without learning,
/// the matcher must keep at least the quality it had.
@Suite("COVID-QA evaluation")
struct CovidQAEvalTests {
    @Test(
        "cold evaluation on covidqa-de dev: top-1 ≥ 0.26, recall@3 ≥ 0.42",
        .enabled(if: TestEnvironment.sharedDirectory != nil, "needs ../shared (developer machines and CI only)"))
    func coldEvaluation() throws {
        let directory = try #require(TestEnvironment.sharedDirectory).appendingPathComponent("eval/covidqa-de")
        let resources = try KnowledgeResources.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("knowledge"))
        let sources = try resources.snippetSources(at: directory.appendingPathComponent("snippets.jsonl"), importedOn: TestEnvironment.clock.today)
        #expect(sources.count >= 200)
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(sources)

        let queriesURL = directory.appendingPathComponent("dev.tsv")
        let queries = try LabelledQuery.parse(tsv: try String(contentsOf: queriesURL, encoding: .utf8), file: queriesURL.path)
        let known = Set(sources.map(\.snippet.id))
        for query in queries { #expect(query.expected.isSubset(of: known), "dev.tsv:\(query.line): unknown id") }

        let evaluator = Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase, resources: resources))
        let report = try evaluator.evaluate(queries)
        #expect(report.queries == queries.filter { !$0.shouldAbstain }.count)
        #expect(report.top1 >= 0.26, "top-1 \(report.top1) fell below 0.26 (recall@3 \(report.recall3), MRR@3 \(report.mrr3))")
        #expect(report.recall3 >= 0.42, "recall@3 \(report.recall3) fell below 0.42 (top-1 \(report.top1), MRR@3 \(report.mrr3))")
        #expect(report.top1 <= report.recall3)
        #expect(report.mrr3 >= report.top1 && report.mrr3 <= report.recall3)
    }
}
