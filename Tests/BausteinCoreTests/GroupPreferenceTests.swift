@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// The learned group preference: confirmations record which shown suggestions staff passed over, and snippets of an
/// owner or tag that staff keep passing over rank lower than equally worded ones staff take.
@Suite("Group preference")
struct GroupPreferenceTests {
    /// Two owners with the same kinds of snippets: the town's own texts and an imported federal FAQ worded alike.
    static func file(id: String, owner: String, tag: String, title: String, question: String) -> (path: String, contents: String) {
        (
            "\(tag)/\(id).md",
            """
            ---
            id: \(id)
            title: \(title)
            questions:
              - \(question)
            tags: [\(tag)]
            approved_by: \(owner)
            approved_on: 2026-10-01
            ---
            Guten Tag {{name}}, \(title) erklären wir auf unserer Internetseite.
            """
        )
    }

    static let files = [
        file(id: "bund-sperrmuell", owner: "Bundesportal", tag: "import", title: "Sperrmüll anmelden", question: "Wie melde ich Sperrmüll an?"),
        file(id: "bund-hundesteuer", owner: "Bundesportal", tag: "import", title: "Hundesteuer zahlen", question: "Wie zahle ich Hundesteuer?"),
        file(id: "bund-wohngeld", owner: "Bundesportal", tag: "import", title: "Wohngeld beantragen", question: "Wie beantrage ich Wohngeld?"),
        file(id: "stadt-sperrmuell", owner: "Abfallberatung", tag: "abfall", title: "Sperrmüll anmelden", question: "Wie melde ich Sperrmüll an?"),
        file(id: "stadt-hundesteuer", owner: "Steueramt", tag: "steuern", title: "Hundesteuer zahlen", question: "Wie zahle ich Hundesteuer?"),
        file(id: "stadt-wohngeld", owner: "Sozialamt", tag: "soziales", title: "Wohngeld beantragen", question: "Wie beantrage ich Wohngeld?"),
    ]

    static func knowledgeBase() throws -> KnowledgeBase {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try TestEnvironment.sync(files, in: directory, into: knowledgeBase)
        return knowledgeBase
    }

    static func outcomes(_ knowledgeBase: KnowledgeBase) throws -> [String] {
        try knowledgeBase.index.read { db in
            try Row.fetchAll(db, sql: "SELECT snippetId, chosen FROM ranking_outcome ORDER BY id").map {
                "\($0["snippetId"] as String) \(($0["chosen"] as Bool) ? "chosen" : "passed over")"
            }
        }
    }

    @Test("the shown suggestions above the chosen one are passed over; all of them when the reply used another snippet")
    func passedOver() throws {
        let knowledgeBase = try Self.knowledgeBase()
        try knowledgeBase.recordRanking(
            shown: ["bund-sperrmuell", "stadt-sperrmuell", "bund-wohngeld"], chosen: ["stadt-sperrmuell"], origin: .confirmation)
        #expect(try Self.outcomes(knowledgeBase) == ["bund-sperrmuell passed over", "stadt-sperrmuell chosen"])
        try knowledgeBase.recordRanking(shown: ["bund-wohngeld", "bund-hundesteuer"], chosen: ["stadt-wohngeld"], origin: .evaluation)
        #expect(
            try Self.outcomes(knowledgeBase).suffix(3) == ["bund-wohngeld passed over", "bund-hundesteuer passed over", "stadt-wohngeld chosen"])
        // An abstention showed nothing: only the choice is recorded.
        try knowledgeBase.recordRanking(shown: [], chosen: ["stadt-hundesteuer"], origin: .confirmation)
        #expect(try Self.outcomes(knowledgeBase).last == "stadt-hundesteuer chosen")
    }

    @Test("each group's lift is its smoothed acceptance rate over the base's, in log")
    func lifts() throws {
        let knowledgeBase = try Self.knowledgeBase()
        #expect(try knowledgeBase.groupPreference().groups.isEmpty)
        // Chosen only: no contrast, nothing learned.
        try knowledgeBase.recordRanking(shown: ["stadt-wohngeld"], chosen: ["stadt-wohngeld"], origin: .confirmation)
        #expect(try knowledgeBase.groupPreference().groups.isEmpty)
        for _ in 0..<9 {
            try knowledgeBase.recordRanking(shown: ["bund-wohngeld", "stadt-wohngeld"], chosen: ["stadt-wohngeld"], origin: .confirmation)
        }
        // 10 chosen and 9 passed over: the base's rate is 10/19. Strength 5, every lift counted.
        let preference = try knowledgeBase.groupPreference(strength: 5, minimumLift: 0)
        let rate = 10.0 / 19
        func lift(_ kind: GroupPreference.Key.Kind, _ name: String) -> Double? {
            preference.groups.first { $0.key == GroupPreference.Key(kind: kind, name: name) }?.lift
        }
        #expect(abs(try #require(lift(.owner, "Bundesportal")) - log((0 + 5 * rate) / (9 + 5) / rate)) < 1e-9)
        #expect(abs(try #require(lift(.tag, "import")) - log((0 + 5 * rate) / (9 + 5) / rate)) < 1e-9)
        #expect(abs(try #require(lift(.owner, "Sozialamt")) - log((10 + 5 * rate) / (10 + 5) / rate)) < 1e-9)
        // The least taken first; counts as recorded.
        #expect(preference.groups.first?.lift == preference.groups.map(\.lift).min())
        #expect(preference.groups.first { $0.key.name == "Bundesportal" }.map { [$0.chosen, $0.passedOver] } == [0, 9])
        // More strength keeps the groups nearer the base's rate.
        let cautious = try knowledgeBase.groupPreference(strength: 50, minimumLift: 0)
        #expect(abs(cautious.groups.first { $0.key.name == "Bundesportal" }!.lift) < abs(lift(.owner, "Bundesportal")!))
        // Only the part beyond the minimum lift counts, towards 0 on either side; a milder tilt counts nothing.
        let counted = try knowledgeBase.groupPreference(strength: 5, minimumLift: 0.25)
        func countedLift(_ name: String) -> Double? { counted.groups.first { $0.key == GroupPreference.Key(kind: .owner, name: name) }?.counted }
        #expect(abs(try #require(countedLift("Bundesportal")) - (lift(.owner, "Bundesportal")! + 0.25)) < 1e-9)
        #expect(abs(try #require(countedLift("Sozialamt")) - (lift(.owner, "Sozialamt")! - 0.25)) < 1e-9)
        let mild = try knowledgeBase.groupPreference(strength: 5, minimumLift: 0.5)
        #expect(lift(.owner, "Sozialamt")! < 0.5 && mild.groups.first { $0.key.name == "Sozialamt" }?.counted == 0)
        #expect(mild.groups.first { $0.key.name == "Bundesportal" }!.counted < 0)
        // The observed lift is reported as it is; with no minimum, all of it counts.
        #expect(mild.groups.map(\.lift) == preference.groups.map(\.lift))
        #expect(preference.groups.allSatisfy { $0.counted == $0.lift })
    }

    @Test("a snippet's groups are its owner and each of its tags; a snippet without tags has its owner only")
    func groupsOfASnippet() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let tagged = Self.file(id: "bund-wohngeld", owner: "Bundesportal", tag: "import", title: "Wohngeld", question: "Wohngeld?")
        let untagged = TestEnvironment.snippetFile(id: "stadt-wohngeld", title: "Wohngeld beantragen", questions: ["Wie beantrage ich Wohngeld?"])
        try TestEnvironment.sync(
            [
                (tagged.path, tagged.contents.replacingOccurrences(of: "tags: [import]", with: "tags: [import, soziales, import]")),
                ("soziales/stadt-wohngeld.md", untagged),
            ], in: directory, into: knowledgeBase)
        try knowledgeBase.recordRanking(shown: ["bund-wohngeld"], chosen: ["stadt-wohngeld"], origin: .confirmation)
        let groups = try knowledgeBase.groupPreference().groups
        #expect(
            groups.map { "\($0.key.kind.rawValue):\($0.key.name) \($0.chosen)/\($0.passedOver)" }.sorted() == [
                "owner:Bundesportal 0/1", "owner:Pressestelle 1/0", "tag:import 0/1", "tag:soziales 0/1",
            ])
    }

    @Test("snippets of a group staff pass over fall behind equally worded ones; weight 0 ranks by the words alone")
    func ranking() throws {
        let knowledgeBase = try Self.knowledgeBase()
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        let question = "Wie melde ich Sperrmüll an?"
        // Worded alike, the two score alike: the ids decide.
        #expect(try matcher.match(question).suggestions.prefix(2).map(\.snippetID) == ["bund-sperrmuell", "stadt-sperrmuell"])
        // Staff took the town's texts about dogs and housing benefit over the federal ones, never about bulky waste.
        for _ in 0..<6 {
            try knowledgeBase.recordRanking(shown: ["bund-hundesteuer", "stadt-hundesteuer"], chosen: ["stadt-hundesteuer"], origin: .confirmation)
            try knowledgeBase.recordRanking(shown: ["bund-wohngeld", "stadt-wohngeld"], chosen: ["stadt-wohngeld"], origin: .confirmation)
        }
        let result = try matcher.match(question)
        #expect(result.suggestions.prefix(2).map(\.snippetID) == ["stadt-sperrmuell", "bund-sperrmuell"])
        // The order changes, the evidence does not: both keep the words' confidence model.
        #expect(result.suggestions[0].score == result.suggestions[1].score)
        var wordsOnly = MatchWeights()
        wordsOnly.preference = 0
        let unlearned = try Matcher(knowledgeBase: knowledgeBase, weights: wordsOnly)
        #expect(try unlearned.match(question).suggestions.first?.snippetID == "bund-sperrmuell")
    }

    @Test("a mild tilt between groups (within the minimum lift) does not reorder; without the minimum it would")
    func mildTiltCountsNothing() throws {
        let knowledgeBase = try Self.knowledgeBase()
        // Staff took the town's dog tax text three times and the federal housing benefit text twice: the federal
        // portal was taken 2 of 5 times, about as often as the base's average (lift log 0.9).
        for _ in 0..<3 {
            try knowledgeBase.recordRanking(shown: ["bund-hundesteuer", "stadt-hundesteuer"], chosen: ["stadt-hundesteuer"], origin: .confirmation)
        }
        for _ in 0..<2 {
            try knowledgeBase.recordRanking(shown: ["stadt-wohngeld", "bund-wohngeld"], chosen: ["bund-wohngeld"], origin: .confirmation)
        }
        let federal = try #require(try knowledgeBase.groupPreference().groups.first { $0.key.name == "Bundesportal" })
        #expect(abs(federal.lift - log(0.9)) < 1e-9 && federal.counted == 0)
        let question = "Wie melde ich Sperrmüll an?"
        // Worded alike, the two score alike: with the tilt counting nothing, the ids decide as before any choice.
        #expect(try Matcher(knowledgeBase: knowledgeBase).match(question).suggestions.first?.snippetID == "bund-sperrmuell")
        var everyTilt = MatchWeights()
        everyTilt.preferenceMinimumLift = 0
        #expect(
            try Matcher(knowledgeBase: knowledgeBase, weights: everyTilt).match(question).suggestions.first?.snippetID == "stadt-sperrmuell")
    }

    @Test("a confirmation records the passed-over suggestions with the chosen snippet, in the same transaction")
    func confirmationRecords() throws {
        let fixture = try WorkflowFixture()
        let anna = try fixture.person("anna")
        let id = try fixture.receive("Wie kann ich meinen Sperrmüll anmelden?")
        let shown = try fixture.workflow.queue.item(id).proposals.map(\.suggestion.snippetID)
        #expect(shown.first == "sperrmuell-anmelden")
        #expect(shown.count >= 2)
        // Staff send the second suggestion: the first was passed over.
        try fixture.workflow.review.confirm(id, snippetID: shown[1], by: anna)
        #expect(try Self.outcomes(fixture.knowledgeBase) == ["sperrmuell-anmelden passed over", "\(shown[1]) chosen"])

        // The matcher abstained: the closest candidates were no suggestion, so nothing was passed over.
        let foreign = try fixture.receive("Wer hat gestern das Fußballspiel gewonnen?")
        #expect(try fixture.workflow.queue.item(foreign).entry.abstained)
        try fixture.workflow.review.confirm(
            foreign, snippetID: "personalausweis-beantragen", values: ["name": "Jana"], despiteAbstention: true, by: anna)
        #expect(try Self.outcomes(fixture.knowledgeBase).suffix(1) == ["personalausweis-beantragen chosen"])
        #expect(try Self.outcomes(fixture.knowledgeBase).count == 3)
    }

    @Test("eval --learn records which suggestions were passed over for the labelled snippet")
    func evaluationRecords() throws {
        let knowledgeBase = try Self.knowledgeBase()
        let pairs = try LabelledQuery.parse(tsv: "Sperrmüll anmelden, wie?\tstadt-sperrmuell\nWas ist Fußball?\t-\n", file: "pairs.tsv")
        try Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase)).learn(pairs)
        // The out-of-domain line teaches nothing.
        #expect(try Self.outcomes(knowledgeBase) == ["bund-sperrmuell passed over", "stadt-sperrmuell chosen"])
    }
}
