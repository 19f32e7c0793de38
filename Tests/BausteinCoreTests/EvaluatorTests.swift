import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `baustein eval`: labelled questions in, top-1 / MRR@3 / recall@3 and abstentions out. The figures decide
/// whether a matcher change ships, so they must be computed right.
@Suite("Evaluator")
struct EvaluatorTests {
    @Test("question files: ids, several ids, '-' for abstain, blank lines, line numbers")
    func parsing() throws {
        let queries = try LabelledQuery.parse(
            tsv: "Wie melde ich Sperrmüll an?\tsperrmuell\n\nPerso oder Pass?\tpersonalausweis|reisepass\nWer wird Meister?\t-\n",
            file: "q.tsv")
        #expect(queries.count == 3)
        #expect(queries[0].question == "Wie melde ich Sperrmüll an?")
        #expect(queries[0].expected == ["sperrmuell"])
        #expect(queries[0].line == 1)
        #expect(!queries[0].shouldAbstain)
        #expect(queries[1].expected == ["personalausweis", "reisepass"])
        #expect(queries[1].line == 3)
        #expect(queries[2].shouldAbstain)
        #expect(queries[2].line == 4)
    }

    @Test("a malformed line is an error with its line number", arguments: ["nur eine Spalte", "a\tb\tc", "\tsperrmuell", "Frage?\t???"])
    func malformedLine(line: String) {
        #expect(throws: EvaluationError.badQueryLine(file: "q.tsv", line: 2)) {
            try LabelledQuery.parse(tsv: "Frage?\tsperrmuell\n\(line)\n", file: "q.tsv")
        }
    }

    @Test(
        "an empty id column is an error, not a question that should be abstained on")
    func emptyIDColumn() {
        #expect(throws: EvaluationError.badQueryLine(file: "q.tsv", line: 2)) {
            try LabelledQuery.parse(tsv: "Frage?\tsperrmuell\nWie melde ich Sperrmüll an?\t\n", file: "q.tsv")
        }
    }

    @Test(
        "a question file with Windows line endings (CRLF) parses")
    func windowsLineEndings() throws {
        let queries = try LabelledQuery.parse(tsv: "Frage eins?\tsperrmuell\r\nFrage zwei?\t-\r\n", file: "q.tsv")
        #expect(queries.map(\.question) == ["Frage eins?", "Frage zwei?"])
        #expect(queries.first?.expected == ["sperrmuell"])
    }

    @Test("figures: top-1, MRR@3, recall@3, abstentions and failures")
    func figures() throws {
        let knowledgeBase = try MatcherTests.makeKnowledgeBase()
        let evaluator = Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase))
        let queries = try LabelledQuery.parse(
            tsv: """
                Wie melde ich Sperrmüll an?\tsperrmuell-anmelden
                Wie hoch ist die Hundesteuer?\thundesteuer-anmelden
                Wie melde ich Sperrmüll an?\thundesteuer-anmelden
                Wer wird Fußballweltmeister?\t-
                Wie bekomme ich einen Kitaplatz für mein Kind?\t-
                """, file: "q.tsv")
        let report = try evaluator.evaluate(queries)
        #expect(report.queries == 3)
        #expect(abs(report.top1 - 2.0 / 3) < 1e-9)
        #expect(report.recall3 >= report.top1 && report.recall3 <= 1)
        #expect(report.mrr3 >= report.top1 && report.mrr3 <= report.recall3)
        #expect(report.outOfDomain == 2)
        #expect(report.outOfDomainAbstentionRate == 0.5)
        #expect(report.inDomainAbstentionRate == 0)
        #expect(report.abstained == 1)
        #expect(report.failures.map(\.line) == [3, 5])
        #expect(report.failures.first?.expected == ["hundesteuer-anmelden"])
        #expect(report.failures.first?.got.first == "sperrmuell-anmelden")
        #expect(report.latencyMs.p50 >= 0 && report.latencyMs.p99 >= report.latencyMs.p50)
        // The reliability of the percentages shown leaves out the abstention (shown as "unsicher"); the full table
        // counts it as a wrong first suggestion.
        #expect(report.reliability.bands.reduce(0) { $0 + $1.count } == 5)
        #expect(report.shownReliability.bands.reduce(0) { $0 + $1.count } == 4)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        #expect((json?["reliability_shown"] as? [String: Any])?["ece"] != nil)
    }

    @Test("'!kategorie' lines are delicate messages: counted for their flags only, and a failure when not flagged for it")
    func delicateMessages() throws {
        let queries = try LabelledQuery.parse(
            tsv: """
                Wie melde ich Sperrmüll an?\tsperrmuell-anmelden
                Grüße aus der Redaktion, wie hoch ist die Hundesteuer?\t!presse
                Für eine Reportage hätte ich Fragen.\t!presse
                Ich bin Journalistin und beschwere mich.\t!beschwerde
                Wer wird Fußballweltmeister?\t-
                """, file: "q.tsv")
        #expect(queries.map(\.flag) == [nil, "presse", "presse", "beschwerde", nil])
        #expect(queries.map(\.isInDomain) == [true, false, false, false, false])
        #expect(queries.map(\.shouldAbstain) == [false, false, false, false, true])
        #expect(throws: EvaluationError.badQueryLine(file: "q.tsv", line: 1)) { try LabelledQuery.parse(tsv: "Frage?\t!\n", file: "q.tsv") }
        #expect(throws: EvaluationError.badQueryLine(file: "q.tsv", line: 1)) {
            try LabelledQuery.parse(tsv: "Frage?\t!Presse Anfrage\n", file: "q.tsv")
        }
        let triggers = try EscalationTriggers(
            text: "[presse] Presse\nredaktion\njournalist*\n[beschwerde] Beschwerde\nbeschwere mich\n", file: "escalation.txt")
        let knowledgeBase = try MatcherTests.makeKnowledgeBase()
        let report = try Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase), triggers: triggers).evaluate(queries)
        // Ranking and abstention figures leave the delicate messages out.
        #expect(report.queries == 1 && report.outOfDomain == 1)
        #expect(report.flagging.delicate == .init(messages: 3, byWords: 2, byMeaning: 0, flagged: 2, rightCategory: 2))
        #expect(report.flagging.inDomain.messages == 1 && report.flagging.inDomain.flagged == 0)
        #expect(report.flagging.outOfDomain.messages == 1)
        // Line 3 is flagged by nothing; line 4 is flagged for its category (and another), so it is no failure.
        let delicate = report.failures.filter { $0.expected.first?.hasPrefix("!") == true }
        #expect(delicate.map(\.line) == [3])
        #expect(delicate.first?.expected == ["!presse"] && delicate.first?.got == [])
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        let flagging = json?["flagging"] as? [String: Any]
        #expect((flagging?["delicate"] as? [String: Any])?["by_words"] as? Int == 2)
        #expect((flagging?["in_domain"] as? [String: Any])?["flagged"] as? Int == 0)
    }

    @Test("learning labelled pairs goes through the knowledge base and counts new phrasings")
    func learning() throws {
        let knowledgeBase = try MatcherTests.makeKnowledgeBase()
        let evaluator = Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase))
        let pairs = try LabelledQuery.parse(tsv: "Bello wohnt jetzt bei uns\thundesteuer-anmelden\nWer wird Meister?\t-\n", file: "l.tsv")
        let cold = try evaluator.evaluate(pairs)
        #expect(cold.top1 == 0)
        #expect(try evaluator.learn(pairs) == 1)
        #expect(try evaluator.learn(pairs) == 0)
        #expect(try evaluator.evaluate(pairs).top1 == 1)
        #expect(try knowledgeBase.learnedPhrasings(of: "hundesteuer-anmelden") == ["Bello wohnt jetzt bei uns"])
    }

    @Test("no questions: figures are zero, not NaN")
    func empty() throws {
        let report = try Evaluator(matcher: try Matcher(knowledgeBase: try MatcherTests.makeKnowledgeBase())).evaluate([])
        #expect(report.queries == 0 && report.top1 == 0 && report.mrr3 == 0 && report.recall3 == 0)
        #expect(report.latencyMs.p50 == 0)
    }
}

/// The reliability table that `baustein eval` prints: confidence bands against how often the first suggestion was right.
@Suite("Reliability table")
struct ReliabilityTableTests {
    @Test("bands count outcomes, average confidences and accuracies; empty bands are left out")
    func bands() {
        let table = ReliabilityTable([(0.05, false), (0.15, false), (0.15, true), (0.85, true), (0.95, true), (1.0, true)])
        #expect(table.bands.map(\.count) == [1, 2, 1, 2])
        #expect(table.bands[1].accuracy == 0.5)
        #expect(abs(table.bands[1].meanConfidence - 0.15) < 1e-9)
        #expect(table.bands.last?.upper == 1.0)
        // Gaps: 0.05, 0.35, 0.15, 0.025 (weighted 1, 2, 1, 2 of 6).
        #expect(abs(table.expectedCalibrationError - (0.05 + 0.7 + 0.15 + 0.05) / 6) < 1e-9)
    }

    @Test("a perfectly calibrated set has a small error")
    func calibrated() {
        let outcomes = (0..<100).map { (confidence: 0.25, correct: $0 % 4 == 0) } + (0..<100).map { (confidence: 0.75, correct: $0 % 4 != 0) }
        #expect(ReliabilityTable(outcomes).expectedCalibrationError < 1e-9)
    }

    @Test("the chance level is what a perfectly calibrated matcher scatters to: small for many questions, 0 for sure ones")
    func chanceLevel() {
        func table(_ count: Int, _ confidence: Double) -> ReliabilityTable {
            ReliabilityTable((0..<count).map { (confidence: confidence, correct: $0 % 2 == 0) })
        }
        // One band at 0.5: √(2/π) · √(n · 0.25) / n.
        #expect(abs(table(100, 0.5).chanceError - (2 / Double.pi).squareRoot() * 0.05) < 1e-9)
        #expect(abs(table(400, 0.5).chanceError - table(100, 0.5).chanceError / 2) < 1e-9)
        #expect(table(50, 1.0).chanceError == 0)
        #expect(ReliabilityTable([]).chanceError == 0)
        // It does not depend on the answers, only on the confidences.
        let right = ReliabilityTable((0..<30).map { (confidence: 0.3 + Double($0 % 5) / 10, correct: true) })
        let wrong = ReliabilityTable((0..<30).map { (confidence: 0.3 + Double($0 % 5) / 10, correct: false) })
        #expect(right.chanceError == wrong.chanceError && right.chanceError > 0)
    }
}

/// The calibration models: monotone in their evidence, and bounded.
@Suite("Confidence calibration")
struct ConfidenceCalibrationTests {
    @Test("more score, margin, coverage or known words never lower the confidence")
    func monotone() {
        let model = ConfidenceCalibration.fitted
        let base = model.probability(score: 0.3, margin: 0.05, coverage: 0.5, knownShare: 0.8)
        #expect(model.probability(score: 0.5, margin: 0.05, coverage: 0.5, knownShare: 0.8) > base)
        #expect(model.probability(score: 0.3, margin: 0.2, coverage: 0.5, knownShare: 0.8) > base)
        #expect(model.probability(score: 0.3, margin: 0.05, coverage: 0.9, knownShare: 0.8) > base)
        #expect(model.probability(score: 0.3, margin: 0.05, coverage: 0.5, knownShare: 1) > base)
        #expect(model.domainProbability(score: 0.5, knownShare: 1) > model.domainProbability(score: 0.2, knownShare: 1))
        #expect(model.domainProbability(score: 0.3, knownShare: 1) > model.domainProbability(score: 0.3, knownShare: 0.2))
        #expect((0...1).contains(model.probability(score: 1, margin: 1, coverage: 1, knownShare: 1)))
        #expect(model.domainProbability(score: 0, knownShare: 0) < 0.05)
    }
}
