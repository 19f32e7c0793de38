@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

@Suite("Learning check: learned phrasings rank once the base's confirmations show they help")
struct LearningCheckTests {
    @Test("learning counts when it won more of the disagreements than it lost by two standard deviations (or the margin)")
    func rule() {
        #expect(!LearningCheck().usesLearning())
        #expect(!LearningCheck(wins: 4, losses: 0).usesLearning())
        #expect(LearningCheck(wins: 5, losses: 0).usesLearning())
        #expect(!LearningCheck(wins: 5, losses: 2).usesLearning())
        #expect(LearningCheck(wins: 12, losses: 2).usesLearning())
        #expect(!LearningCheck(wins: 30, losses: 30).usesLearning())
        // One deviation lets 5 : 2 through; margin 0 always uses learning.
        #expect(LearningCheck(wins: 5, losses: 2).usesLearning(margin: 1))
        #expect(LearningCheck().usesLearning(margin: 0))
        // Agreements decide nothing; the newest window counts.
        let outcomes: [(learned: Bool, unlearned: Bool)] = [(true, true), (false, false), (true, false), (false, true), (true, false)]
        #expect(LearningCheck(outcomes: outcomes) == LearningCheck(wins: 2, losses: 1))
        let newest: [(learned: Bool, unlearned: Bool)] = Array(repeating: (true, false), count: LearningCheck.window)
        let older: [(learned: Bool, unlearned: Bool)] = Array(repeating: (false, true), count: 10)
        let windowed = LearningCheck(outcomes: newest + older)
        #expect(windowed == LearningCheck(wins: LearningCheck.window, losses: 0))
    }

    static let files: [(path: String, contents: String)] = [
        (
            "tiere/hund-anmelden.md",
            TestEnvironment.snippetFile(
                id: "hund-anmelden", title: "Hund anmelden", questions: ["Wo melde ich meinen Hund an?"],
                body: "Guten Tag {{name}}, Hunde melden Sie beim Steueramt an.")
        ),
        (
            "abfall/sperrmuell-anmelden.md",
            TestEnvironment.snippetFile(
                id: "sperrmuell-anmelden", title: "Sperrmüll anmelden", questions: ["Wie melde ich Sperrmüll an?"],
                body: "Guten Tag {{name}}, Sperrmüll melden Sie online an.")
        ),
    ]

    @Test("both first places are known; the own one ranks until learning has won, then the learned one, and back when it loses")
    func ranksOnceProven() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try TestEnvironment.sync(Self.files, in: directory, into: knowledgeBase)
        // Bello is a dog: only the learned phrasing knows it; by their own text "online" tips it to Sperrmüll.
        try knowledgeBase.learn(phrasing: "Bello muss ich anmelden", snippetID: "hund-anmelden", origin: .confirmation)
        let question = "Kann ich Bello online anmelden?"
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        let cold = try matcher.match(question)
        #expect(cold.firstLearned == "hund-anmelden")
        #expect(cold.firstUnlearned == "sperrmuell-anmelden")
        #expect(!cold.usesLearning)
        #expect(cold.suggestions.first?.snippetID == "sperrmuell-anmelden")
        // Without the check, the learned phrasing ranks at once.
        var always = MatchWeights()
        always.learningCheck = 0
        let unchecked = try Matcher(knowledgeBase: knowledgeBase, weights: always).match(question)
        #expect(unchecked.usesLearning && unchecked.suggestions.first?.snippetID == "hund-anmelden")

        // Five confirmations where only the learned ranking had it right: learning has earned its place.
        for _ in 0..<5 {
            try knowledgeBase.recordOutcome(
                confidence: 0.5, abstained: false, correct: false, check: (learned: true, unlearned: false), origin: .confirmation)
        }
        #expect(try knowledgeBase.learningCheck() == LearningCheck(wins: 5, losses: 0))
        let proven = try matcher.match(question)
        #expect(proven.usesLearning)
        #expect(proven.suggestions.first?.snippetID == "hund-anmelden")
        #expect(proven.firstUnlearned == "sperrmuell-anmelden")

        // Two where it misled: the lead is no longer clear, the snippets' own text ranks again.
        for _ in 0..<2 {
            try knowledgeBase.recordOutcome(
                confidence: 0.5, abstained: false, correct: false, check: (learned: false, unlearned: true), origin: .confirmation)
        }
        #expect(try matcher.match(question).suggestions.first?.snippetID == "sperrmuell-anmelden")
    }

    @Test("a confirmation records whether each first place at intake was the snippet that went out")
    func confirmationRecordsCheck() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wie kann ich meinen Sperrmüll anmelden?")
        let places = try fixture.knowledgeBase.store.read { db in try Store.firstPlaces(db, item: id) }
        #expect(places?.learned == "sperrmuell-anmelden" && places?.unlearned == "sperrmuell-anmelden")
        try fixture.workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", by: anna)
        let row = try #require(
            try fixture.knowledgeBase.index.read { db in
                try Row.fetchOne(db, sql: "SELECT correct, learnedCorrect, unlearnedCorrect FROM confidence_outcome")
            })
        let flags: [Bool] = [row["correct"], row["learnedCorrect"], row["unlearnedCorrect"]]
        #expect(flags == [true, true, true])
        // Agreement decides nothing.
        #expect(try fixture.knowledgeBase.learningCheck() == LearningCheck())
    }

    @Test("eval --learn records the check of each pair before learning it")
    func evaluationRecordsCheck() throws {
        let fixture = try WorkflowFixture()
        let matcher = try Matcher(knowledgeBase: fixture.knowledgeBase)
        let pairs = try LabelledQuery.parse(tsv: "Sperrmüll abholen lassen?\tsperrmuell-anmelden\n", file: "pairs.tsv")
        try Evaluator(matcher: matcher).learn(pairs)
        let row = try #require(
            try fixture.knowledgeBase.index.read { db in try Row.fetchOne(db, sql: "SELECT learnedCorrect, unlearnedCorrect FROM confidence_outcome")
            })
        let learned: Bool? = row["learnedCorrect"]
        let unlearned: Bool? = row["unlearnedCorrect"]
        #expect(learned != nil && unlearned != nil)
    }
}
