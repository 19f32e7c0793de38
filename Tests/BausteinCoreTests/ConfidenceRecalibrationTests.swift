@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// Each base's confidence learns from confirmations: Platt scaling over the fitted model, pulled towards no
/// change until there are enough outcomes.
@Suite("Confidence recalibration")
struct ConfidenceRecalibrationTests {
    /// `count` outcomes at each of the confidences, right with probability `accuracy(confidence)`, spread
    /// evenly (deterministic: every k-th outcome is wrong).
    static func outcomes(
        count: Int, at confidences: [Double], abstained: Bool = false, accuracy: (Double) -> Double
    ) -> [ConfidenceRecalibration.Observation] {
        confidences.flatMap { confidence in
            let right = Int((accuracy(confidence) * Double(count)).rounded())
            return (0..<count).map { ConfidenceRecalibration.Observation(confidence: confidence, abstained: abstained, correct: $0 < right) }
        }
    }

    @Test("fewer than 20 outcomes leave the confidence as it is")
    func tooFew() {
        let few = ConfidenceRecalibration(outcomes: Array(repeating: .init(confidence: 0.2, correct: true), count: 19))
        #expect(few == .identity)
        #expect(few.apply(0.2) == 0.2)
    }

    @Test("a base where the first suggestion is right more often than the model says gets higher confidences")
    func underconfident() {
        // The model says 15–45 %, staff confirm the first suggestion 90 % of the time.
        let fitted = ConfidenceRecalibration(outcomes: Self.outcomes(count: 40, at: [0.15, 0.3, 0.45]) { _ in 0.9 })
        #expect(fitted.outcomes == 120)
        for confidence in [0.15, 0.3, 0.45] {
            #expect(abs(fitted.apply(confidence) - 0.9) < 0.05, "model \(confidence) → \(fitted.apply(confidence))")
        }
    }

    @Test("an overconfident model is pulled down, and the order of confidences never changes")
    func overconfidentAndMonotone() {
        let fitted = ConfidenceRecalibration(outcomes: Self.outcomes(count: 50, at: [0.6, 0.8, 0.95]) { $0 - 0.3 })
        #expect(fitted.apply(0.8) < 0.6)
        let grid = stride(from: 0.01, through: 0.99, by: 0.01).map { fitted.apply($0) }
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("a model that is already right for the base stays nearly unchanged")
    func alreadyCalibrated() {
        let fitted = ConfidenceRecalibration(outcomes: Self.outcomes(count: 100, at: [0.1, 0.3, 0.5, 0.7, 0.9]) { $0 })
        #expect(abs(fitted.intercept) < 0.1)
        #expect(abs(fitted.slope - 1) < 0.1)
    }

    @Test("few outcomes move the scaling less than many with the same pattern")
    func priorPullsTowardsNoChange() {
        let few = ConfidenceRecalibration(outcomes: Self.outcomes(count: 10, at: [0.2, 0.4]) { _ in 0.9 })
        let many = ConfidenceRecalibration(outcomes: Self.outcomes(count: 200, at: [0.2, 0.4]) { _ in 0.9 })
        #expect(0.3 < few.apply(0.3) && few.apply(0.3) < many.apply(0.3))
    }

    @Test("wrong first suggestions under an abstention lower the abstained confidences and leave the others")
    func abstentionTerm() {
        // Suggestions shown are right 90 % of the time; under an abstention the model says 80 % and they are never right.
        let shown = Self.outcomes(count: 40, at: [0.3, 0.5]) { _ in 0.9 }
        let abstained = Self.outcomes(count: 30, at: [0.8], abstained: true) { _ in 0 }
        let fitted = ConfidenceRecalibration(outcomes: shown + abstained)
        #expect(fitted.abstention < -2)
        #expect(fitted.apply(0.8, abstained: true) < 0.15)
        #expect(abs(fitted.apply(0.4) - 0.9) < 0.05)
        // Without abstained outcomes the term stays at no change, and one answer's confidences keep their order.
        let plain = ConfidenceRecalibration(outcomes: shown)
        #expect(plain.abstention == 0)
        let grid = stride(from: 0.01, through: 0.99, by: 0.01).map { fitted.apply($0, abstained: true) }
        #expect(zip(grid, grid.dropFirst()).allSatisfy { $0 < $1 })
        // Abstained questions that were still right (a base whose gate is strict) do not lower them.
        let strict = ConfidenceRecalibration(outcomes: shown + Self.outcomes(count: 30, at: [0.8], abstained: true) { _ in 0.9 })
        #expect(strict.apply(0.8, abstained: true) > 0.8)
    }

    @Test("a reply without a snippet records that the first suggestion was wrong, with the abstention; undo forgets it")
    func replyWithoutSnippet() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let petra = try fixture.person("petra")
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let entry = try fixture.workflow.queue.item(id).entry
        #expect(entry.top?.snippetID == "sperrmuell-anmelden")
        func outcomes() throws -> [Row] {
            try fixture.knowledgeBase.index.read { db in try Row.fetchAll(db, sql: "SELECT correct, abstained, origin FROM confidence_outcome") }
        }
        try fixture.workflow.review.edit(id, text: "Dafür ist der Landkreis zuständig: 07151 501-0.", by: anna)
        // Not yet sent: nothing learned.
        #expect(try outcomes().isEmpty)
        try fixture.workflow.review.approve(id, by: petra)
        let rows = try outcomes()
        #expect(rows.count == 1)
        #expect(rows.first?["correct"] == false)
        #expect(rows.first?["abstained"] == entry.abstained)
        #expect(rows.first?["origin"] == "confirmation")
        // No phrasing to learn and nothing chosen over the suggestions.
        #expect(try fixture.knowledgeBase.index.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learned_phrasing") } == 0)
        #expect(try fixture.knowledgeBase.index.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM ranking_outcome") } == 0)
        try fixture.workflow.review.undo(id, by: petra)
        #expect(try outcomes().isEmpty)
        // A dismissal sends nothing and teaches nothing.
        let other = try fixture.receive("Sperrmüll, schon wieder")
        try fixture.workflow.review.dismiss(other, reason: "Doppelt", kind: .spam, by: anna)
        #expect(try outcomes().isEmpty)
    }

    @Test("staff confirmations record the first suggestion's outcome, and the base's confidence follows them")
    func confirmationsTeachConfidence() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let question = "Wie kann ich meinen Sperrmüll anmelden?"
        let before = try fixture.workflow.queue.item(try fixture.receive(question)).entry.top
        #expect(before?.snippetID == "sperrmuell-anmelden")
        for index in 0..<ConfidenceRecalibration.minimumOutcomes {
            let id = try fixture.receive("Sperrmüll anmelden, Nummer \(index + 1)?")
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: anna)
        }
        let scaling = try fixture.knowledgeBase.recalibration()
        #expect(scaling.outcomes == ConfidenceRecalibration.minimumOutcomes)
        let matcher = try Matcher(knowledgeBase: fixture.knowledgeBase)
        let first = try #require(try matcher.match(question).suggestions.first)
        // Every first suggestion was right: the base's confidence is above the fitted model's.
        #expect(first.confidence > first.modelConfidence)
        #expect(first.confidence == scaling.apply(first.modelConfidence))
    }

    @Test("eval --learn records an outcome per labelled pair before learning it")
    func evaluationRecordsOutcomes() throws {
        let fixture = try WorkflowFixture()
        let matcher = try Matcher(knowledgeBase: fixture.knowledgeBase)
        let tsv = "Sperrmüll abholen lassen?\tsperrmuell-anmelden\nWas ist Fußball?\t-\nWie backe ich einen Kuchen zum Sperrmüll-Fest?\t-\n"
        let pairs = try LabelledQuery.parse(tsv: tsv, file: "pairs.tsv")
        #expect(try matcher.match(pairs[1].question).suggestions.isEmpty)
        let foreign = try matcher.match(pairs[2].question)
        #expect(!foreign.suggestions.isEmpty)
        try Evaluator(matcher: matcher).learn(pairs)
        // An out-of-domain line is a reply without a snippet: the first suggestion, if there was one, was wrong. It
        // teaches no phrasing.
        let rows = try fixture.knowledgeBase.index.read { db in
            try Row.fetchAll(db, sql: "SELECT correct, abstained, origin FROM confidence_outcome ORDER BY id")
        }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0["origin"] == "evaluation" })
        #expect(rows.last?["correct"] == false)
        #expect(rows.last?["abstained"] == foreign.abstained)
        let phrasings = try fixture.knowledgeBase.index.read { db in try String.fetchAll(db, sql: "SELECT text FROM learned_phrasing") }
        #expect(phrasings == ["Sperrmüll abholen lassen?"])
    }
}
