@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The base's own example questions, each held out and asked of the rest, give it its first confidence scaling.
@Suite("Example check")
struct ExampleCheckTests {
    static func snippet(_ id: String, questions: [String]) -> Snippet {
        Snippet(
            id: id, title: "Titel \(id)", questions: questions, approvedBy: "Pressestelle", approvedOn: Day("2026-10-01")!,
            body: "Antwort zu \(id).")
    }

    @Test("each round holds out the first or the last question of every snippet with two or more, and keeps the others")
    func heldOut() {
        let snippets = [
            Self.snippet("a", questions: ["a1", "a2", "a3"]), Self.snippet("b", questions: ["b1"]), Self.snippet("c", questions: ["c1", "c2"]),
        ]
        let first = ExampleCheck.heldOut(snippets, round: .first)
        #expect(first.questions.map(\.text).sorted() == ["a1", "c1"])
        #expect(first.questions.allSatisfy { $0.text.hasPrefix($0.snippetID) })
        #expect(first.snippets.map(\.questions) == [["a2", "a3"], ["b1"], ["c2"]])
        let last = ExampleCheck.heldOut(snippets, round: .last)
        #expect(last.questions.map(\.text).sorted() == ["a3", "c2"])
        #expect(last.snippets.map(\.questions) == [["a1", "a2"], ["b1"], ["c1"]])
        // A bound on the questions of a round: the snippets first in the order of their id's hash, the same every time.
        let limited = ExampleCheck.heldOut(snippets, round: .first, limit: 1)
        #expect(limited.questions.count == 1)
        #expect(limited.snippets.map(\.questions).joined().count == 5)
        #expect(ExampleCheck.heldOut(snippets, round: .first, limit: 1).questions.map(\.text) == limited.questions.map(\.text))
    }

    @Test("the check's outcomes give a base without confirmations its scaling; confirmations start from it and take over")
    func scalingStartsFromTheCheck() {
        let examples = ConfidenceRecalibrationTests.outcomes(count: 40, at: [0.3, 0.5]) { _ in 0.9 }
        let started = ConfidenceRecalibration(outcomes: [], examples: examples)
        #expect(started.examples == 80 && started.outcomes == 0)
        #expect(started.apply(0.4) > 0.8)
        // Too few of them: no change, as with too few confirmations.
        #expect(ConfidenceRecalibration(outcomes: [], examples: Array(examples.prefix(19))) == .identity)
        // Confirmations that say the model is right: a few move the scaling back a little, many all the way.
        let calibrated = { (count: Int) in ConfidenceRecalibrationTests.outcomes(count: count, at: [0.3, 0.5]) { $0 } }
        let few = ConfidenceRecalibration(outcomes: calibrated(10), examples: examples)
        let many = ConfidenceRecalibration(outcomes: calibrated(1_000), examples: examples)
        #expect(few.outcomes == 20 && few.examples == 80)
        #expect(few.apply(0.4) < started.apply(0.4))
        #expect(abs(many.apply(0.4) - 0.4) < 0.02)
        #expect(many.apply(0.4) < few.apply(0.4))
    }

    @Test("the starter base is checked on its example questions, and its confidence follows the check until a sync changes it")
    func starterBase() throws {
        let library = try StarterBaseTests.library()
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(library)
        let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: try KnowledgeResources.load(from: StarterBaseTests.knowledgeDirectory))
        let question = "Wie lange dauert ein neuer Personalausweis?"
        let before = try #require(try matcher.match(question).suggestions.first)
        #expect(before.confidence == before.modelConfidence)
        #expect(try matcher.currentExampleCheck() == nil)

        let asking = library.snippets.filter { $0.snippet.questions.count >= 2 }.count
        var reported: [WorkProgress] = []
        let check = try matcher.checkExamples { reported.append($0) }
        #expect(check.outcomes.count == 2 * asking)
        // One step per snippet copied and per question asked, in each of the two rounds; never backwards.
        let steps = 2 * (library.snippets.count + asking)
        #expect(reported.last == WorkProgress(done: steps, total: steps))
        #expect(zip(reported, reported.dropFirst()).allSatisfy { $0.done <= $1.done && $1.total == steps })
        // Most held-out questions still find their snippet (measured: about four in five).
        #expect(Double(check.right) > 0.6 * Double(check.outcomes.count))
        #expect(try matcher.currentExampleCheck() == check)

        // The same matcher applies the scaling from the next question on, fitted on the check alone.
        let scaling = try matcher.recalibration()
        #expect(scaling.examples == check.outcomes.count && scaling.outcomes == 0)
        #expect(scaling == ConfidenceRecalibration(outcomes: [], examples: check.outcomes))
        let after = try #require(try matcher.match(question).suggestions.first)
        #expect(after.modelConfidence == before.modelConfidence)
        #expect(after.confidence == scaling.apply(after.modelConfidence))
        // The starter base's first suggestions are right more often than the fitted model says.
        #expect(after.confidence > before.confidence)

        // A base larger than the bound is not checked (each round copies the whole base): no outcomes, no scaling.
        let bounded = try matcher.checkExamples(maximumSnippets: library.snippets.count - 1)
        #expect(bounded.outcomes.isEmpty)
        #expect(try matcher.recalibration() == .identity)
        try matcher.checkExamples()

        // Another ranking (here: another meaning model) has a check of its own.
        #expect(try Self.exampleCheck(knowledgeBase, ranking: "another-model") == nil)

        // The check records whether the matcher abstained on each held-out question. One stored before it did counts as
        // missing (the next sync runs it again), not as a check without abstentions.
        let current = try #require(try matcher.currentExampleCheck())
        let stored = try #require(try knowledgeBase.index.read { db in try Store.metaValue(db, key: ExampleCheck.metaKey) })
        #expect(stored.contains("\"abstained\""))
        let old = stored.replacingOccurrences(of: #","abstained":false"#, with: "").replacingOccurrences(of: #","abstained":true"#, with: "")
            .replacingOccurrences(of: #""abstained":false,"#, with: "").replacingOccurrences(of: #""abstained":true,"#, with: "")
        #expect(!old.contains("abstained"))
        try knowledgeBase.index.write { db in try Store.setMetaValue(db, key: ExampleCheck.metaKey, value: old) }
        #expect(try matcher.currentExampleCheck() == nil)
        try knowledgeBase.index.write { db in try Store.setMetaValue(db, key: ExampleCheck.metaKey, value: stored) }
        #expect(try matcher.currentExampleCheck() == current)

        // A sync that changes the snippets makes the check stale: the fitted model's figures again until it runs anew.
        var changed = library.snippets
        changed[0].snippet.body += "\nErgänzt."
        try knowledgeBase.sync(changed)
        #expect(try matcher.currentExampleCheck() == nil)
        let stale = try #require(try matcher.match(question).suggestions.first)
        #expect(stale.confidence == stale.modelConfidence)
    }

    @Test("a base whose snippets have one question each has nothing to ask and keeps the fitted model")
    func nothingToAsk() throws {
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(
            (1...30).map { SnippetSource(snippet: Self.snippet("s\($0)", questions: ["Frage Nummer \($0)?"]), path: "s\($0).md") })
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        let check = try matcher.checkExamples()
        #expect(check.outcomes.isEmpty)
        #expect(try matcher.currentExampleCheck() == check)
        #expect(try matcher.recalibration() == .identity)
    }

    static func exampleCheck(_ knowledgeBase: KnowledgeBase, ranking: String) throws -> ExampleCheck? {
        try knowledgeBase.index.read { db in try Matcher.exampleCheck(db, ranking: ranking) }
    }
}
