@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// Each base learns its own abstention bar from the questions it answered: how likely to be about the base they were.
@Suite("Domain threshold")
struct DomainThresholdTests {
    @Test("from 50 answered questions the bar keeps the base's own questions' abstention within 10 % with 90 % certainty")
    func boundedShare() {
        // 100 questions at 0.505, 0.510, … 1.0, newest first.
        let answered = (1...100).map { 0.5 + Double($0) * 0.005 }.reversed().map { $0 }
        let learned = DomainThreshold(answered: answered)
        #expect(learned.questions == 100)
        // P(Binomial(100, 0.1) ≥ 6) = 0.94, ≥ 7 = 0.88: the 6th lowest, so 5 of the 100 lie below it.
        #expect(learned.raised == answered.sorted()[5])
        #expect(answered.filter { $0 < learned.threshold(fitted: 0.315) }.count == 5)
        // Lowered, the bar goes only as far as 10 % of them: a fitted bar of 0.6 abstains on 19 of the 100.
        #expect(learned.lowered == answered.sorted()[10])
        #expect(answered.filter { $0 < learned.threshold(fitted: 0.6) }.count == 10)
        // A fitted bar above the raised one that abstains on fewer than 10 % of them (0.545: 8) stays.
        #expect(learned.threshold(fitted: 0.545) == 0.545)
        // The rank grows towards the bound with the number of questions: 2 of 50, 7 of 110, 88 of 1,000.
        #expect(DomainThreshold.rank(of: 50, bound: 0.1) == 2)
        #expect(DomainThreshold.rank(of: 110, bound: 0.1) == 7)
        #expect(DomainThreshold.rank(of: 1_000, bound: 0.1) == 88)

        let few = DomainThreshold(answered: Array(answered.prefix(DomainThreshold.minimumQuestions - 1)))
        #expect(few.raised == nil && few.lowered == nil && few.questions == 49)
        #expect(few.threshold(fitted: 0.315) == 0.315)
        // A bound of 0 learns nothing (`--weight ownAbstention=0`).
        #expect(DomainThreshold(answered: answered, bound: 0).raised == nil)
    }

    @Test("a base whose own questions sit low gets a lower bar, but never below the floor; only the newest count")
    func lowerBarFloorAndWindow() {
        let low = DomainThreshold(answered: Array(repeating: 0.2, count: 60))
        #expect(low.threshold(fitted: 0.315) == 0.2)
        #expect(DomainThreshold(answered: Array(repeating: 0.02, count: 60)).threshold(fitted: 0.315) == DomainThreshold.floor)
        // 1,000 newest at 0.9, older ones at 0.1: the old ones are outside the window.
        let windowed = DomainThreshold(answered: Array(repeating: 0.9, count: DomainThreshold.window) + Array(repeating: 0.1, count: 500))
        #expect(windowed.threshold(fitted: 0.315) == 0.9 && windowed.questions == DomainThreshold.window)
        // Values that are not numbers are not counted.
        #expect(DomainThreshold(answered: Array(repeating: .nan, count: 60)).raised == nil)
    }

    @Test("a confirmed reply on a snippet records its question's domain confidence from intake; one without a snippet does not")
    func confirmationsRecordTheDomain() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let petra = try fixture.person("petra")
        let confirmed = try fixture.receive("Wie melde ich Sperrmüll an?")
        let ownText = try fixture.receive("Sperrmüll, wer ist zuständig?")
        let intake = try #require(try fixture.knowledgeBase.store.read { db in try Store.matchedDomain(db, item: confirmed) })
        let domain = intake.domainConfidence
        #expect(domain > 0 && domain <= 1)
        #expect(intake.ranking == "words")
        try fixture.workflow.review.confirm(confirmed, snippetID: "sperrmuell-anmelden", by: anna)
        try fixture.workflow.review.edit(ownText, text: "Dafür ist der Landkreis zuständig: 07151 501-0.", by: anna)
        try fixture.workflow.review.approve(ownText, by: petra)
        let rows = try fixture.knowledgeBase.index.read { db in
            try Row.fetchAll(db, sql: "SELECT domainConfidence, ranking FROM confidence_outcome ORDER BY id")
        }
        #expect(rows.count == 2)
        let recorded: Double = try #require(rows.first?["domainConfidence"])
        // PostgreSQL keeps it as a 4-byte REAL.
        #expect(abs(recorded - domain) < 1e-6)
        #expect(rows.first?["ranking"] == "words")
        // The reply without a snippet: the question may be foreign or a gap in the base, so it says nothing about the bar.
        #expect(rows.last?["domainConfidence"] as Double? == nil)
        #expect(rows.last?["ranking"] as String? == nil)
    }

    @Test("from 50 answered questions the matcher abstains by the base's own bar, learned per ranking")
    func matcherUsesTheBasesBar() throws {
        let fixture = try WorkflowFixture()
        let matcher = try Matcher(knowledgeBase: fixture.knowledgeBase)
        let question = "Sperrmüll anmelden, aber wie?"
        let before = try matcher.match(question)
        #expect(!before.abstained && before.threshold == MatchWeights().threshold)
        #expect(before.ranking == "words")
        let domain = before.domainConfidence
        // The bar the base's answered questions teach: halfway between this question and certainty.
        let bar = (domain + 1) / 2
        #expect(domain < bar && bar < 1, "the question must sit below the bar the base learns: \(domain)")
        func record(_ count: Int, at confidence: Double, ranking: String) throws {
            for _ in 0..<count {
                try fixture.knowledgeBase.recordOutcome(
                    confidence: 0.5, abstained: false, correct: true, answered: (domainConfidence: confidence, ranking: ranking),
                    origin: .confirmation)
            }
        }
        // Answered under another ranking (the meaning model's scale): not this matcher's bar.
        try record(60, at: bar, ranking: "multilingual-e5-small")
        #expect(try matcher.domainThreshold() == .none)
        #expect(try !matcher.match(question).abstained)
        // 49 answered questions above this one: still the fitted bar.
        try record(49, at: bar, ranking: "words")
        #expect(try !matcher.match(question).abstained)
        // The 50th: the base's own questions all stand out more clearly, so this one is abstained on.
        try record(1, at: bar, ranking: "words")
        let after = try matcher.match(question)
        // PostgreSQL keeps the figures as 4-byte REALs.
        #expect(after.abstained && abs(after.threshold - bar) < 1e-6)
        #expect(after.domainConfidence == domain)
        // Newer answers that sit low lower the bar again.
        try record(60, at: 0.2, ranking: "words")
        let lowered = try matcher.match(question)
        #expect(!lowered.abstained && abs(lowered.threshold - 0.2) < 1e-6)
        // `--weight ownAbstention=0` keeps the fitted bar.
        var weights = MatchWeights()
        weights.ownAbstention = 0
        let fitted = try Matcher(knowledgeBase: fixture.knowledgeBase, weights: weights).match(question)
        #expect(fitted.threshold == MatchWeights().threshold)
    }

    @Test("after 50 replies staff confirmed on a snippet, a new message the fitted bar lets through is abstained on")
    func confirmationsRaiseTheBar() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let probe = "Wann kommt der Sperrmüll?"
        let before = try fixture.workflow.queue.item(try fixture.receive(probe)).entry
        #expect(!before.abstained)
        for _ in 0..<DomainThreshold.minimumQuestions {
            let id = try fixture.receive("Wie melde ich bei Ihnen Sperrmüll an?")
            try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: anna)
        }
        let threshold = try Matcher(knowledgeBase: fixture.knowledgeBase).domainThreshold()
        #expect(threshold.questions == DomainThreshold.minimumQuestions)
        let bar = try #require(threshold.raised)
        // The same message again, matched at intake with what the confirmations taught.
        let item = try fixture.receive(probe)
        let domain = try #require(try fixture.knowledgeBase.store.read { db in try Store.matchedDomain(db, item: item) }?.domainConfidence)
        #expect(domain < bar && bar > MatchWeights().threshold, "domain \(domain), bar \(bar)")
        #expect(try fixture.workflow.queue.item(item).entry.abstained)
    }

    @Test("eval --learn records the domain confidence of the pairs it answers with a snippet, not of the foreign ones")
    func evaluationRecordsTheDomain() throws {
        let fixture = try WorkflowFixture()
        let matcher = try Matcher(knowledgeBase: fixture.knowledgeBase)
        let pairs = try LabelledQuery.parse(
            tsv: "Sperrmüll abholen lassen?\tsperrmuell-anmelden\nWie backe ich einen Kuchen zum Sperrmüll-Fest?\t-\n", file: "pairs.tsv")
        let asked = try matcher.match(pairs[0].question)
        try Evaluator(matcher: matcher).learn(pairs)
        let rows = try fixture.knowledgeBase.index.read { db in
            try Row.fetchAll(db, sql: "SELECT domainConfidence, ranking FROM confidence_outcome ORDER BY id")
        }
        #expect(rows.count == 2)
        let recorded: Double = try #require(rows.first?["domainConfidence"])
        #expect(abs(recorded - asked.domainConfidence) < 1e-6)
        #expect(rows.first?["ranking"] == "words")
        #expect(rows.last?["domainConfidence"] as Double? == nil)
        let threshold = try matcher.domainThreshold()
        #expect(threshold.questions == 1 && threshold.raised == nil)
    }
}
