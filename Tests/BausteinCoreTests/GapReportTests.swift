import BausteinCore
import Foundation
import GRDB
import Testing

/// `report gaps`: the questions the snippet base does not answer well, grouped so the press office sees what to
/// write next.
@Suite("Gap report")
struct GapReportTests {
    /// Fourteen messages received on Monday morning: four about dog tax and three about resident parking (no snippet
    /// covers either), two singletons without a snippet, one heavily edited reply, and four that are no gap at all;
    /// plus a dog-tax message from two days before (outside a report since Monday) and one from 100 days before,
    /// closed and purged (outside every report: its text is gone).
    struct Scenario {
        let fixture: InsightFixture
        var ids: [String: Int64] = [:]

        init() throws {
            fixture = try InsightFixture()
            let clock = fixture.clock
            let workflow = fixture.workflow
            let anna = try fixture.person("anna")
            let petra = try fixture.person("petra")
            // Stored 100 days ago (retention reads when Baustein stored a message, not the sender's timestamp).
            clock.set(InsightFixture.at(-24 * 100))
            ids["dog-purged"] = try fixture.receive(
                "Hundesteuer für meinen Hund abmelden, bitte", author: "Alte Anfrage", receivedAt: InsightFixture.at(-24 * 100))
            try workflow.review.dismiss(ids["dog-purged"]!, reason: "keine Antwort vorhanden", kind: .noFittingAnswer, by: anna)
            clock.set(InsightFixture.at(8))
            ids["dog-early"] = try fixture.receive(
                "Hundesteuer: wann wird sie für den Hund fällig?", author: "Frühe Anfrage", receivedAt: InsightFixture.at(-48))
            try workflow.retention.purge(olderThan: 90 * 86_400, dryRun: false, by: try fixture.person("admin"))
            let texts: [(String, String)] = [
                ("dog-rate", "Wie hoch ist die Hundesteuer für einen Hund?"),
                ("dog-second", "Muss ich für einen zweiten Hund mehr Hundesteuer zahlen? Rückruf bitte unter 0171 2345678."),
                ("dog-deregister", "Unser Hund ist gestorben. Wie melde ich die Hundesteuer ab? Wir wohnen Lindenstraße 4."),
                ("dog-discount", "Gibt es bei der Hundesteuer eine Ermäßigung für Rentner mit Hund? Antwort an erna@example.org"),
                ("park-apply", "Wo beantrage ich einen Parkausweis für Anwohnerparken?"),
                ("park-cost", "Was kostet der Parkausweis fürs Anwohnerparken?"),
                ("park-renew", "Anwohnerparken: Parkausweis abgelaufen, wie verlängern?"),
                ("pool", "Wann öffnet das Freibad im Sommer?"),
                ("wedding", "Kann man im Rathaus heiraten?"),
                ("fridge", "Wie melde ich Sperrmüll mit einem Kühlschrank an?"),
                ("bulky-confirmed", "Wie melde ich Sperrmüll an?"),
                ("bulky-light-edit", "Wann wird der Sperrmüll abgeholt?"),
                ("bulky-spam", "Wie melde ich Sperrmüll an? Jetzt Uhren kaufen!"),
                ("bulky-pending-edit", "Wie melde ich Sperrmüll an? Es ist ein Sofa."),
            ]
            for (key, text) in texts { ids[key] = try fixture.receive(text, author: "Erna Beispiel", match: false) }
            try workflow.intake.matchPending()
            // What the scenario means by "no snippet" and "matches the Sperrmüll snippet", independent of calibration.
            try fixture.setAbstained(
                ["dog-rate", "dog-second", "dog-deregister", "dog-discount", "park-apply", "park-cost", "park-renew", "pool", "wedding"]
                    .map { ids[$0]! }, true)
            try fixture.setAbstained(
                ["fridge", "bulky-confirmed", "bulky-light-edit", "bulky-spam", "bulky-pending-edit"].map { ids[$0]! }, false)
            clock.advance(hours: 1)
            // Gap signals besides "unmatched":
            try workflow.review.dismiss(ids["dog-deregister"]!, reason: "Dazu haben wir keinen Textbaustein", kind: .noFittingAnswer, by: anna)
            try workflow.review.escalate(ids["dog-discount"]!, note: "Ermäßigungen? Bitte klären", by: anna)
            try workflow.review.dismiss(ids["park-cost"]!, reason: "keine Antwort vorhanden", kind: .noFittingAnswer, by: anna)
            try workflow.review.escalate(ids["park-renew"]!, note: "Parken: Zuständigkeit klären", by: anna)
            try workflow.review.edit(
                ids["fridge"]!,
                text: "Kühlschränke und andere Elektrogeräte nehmen wir nicht mit dem Sperrmüll mit; bitte bringen Sie sie zum Wertstoffhof.",
                snippetID: "sperrmuell-anmelden", by: anna)
            // No gap: a confirmed snippet, a light edit, spam, and a heavy edit still waiting for the press office.
            try workflow.review.confirm(ids["bulky-confirmed"]!, by: anna)
            try workflow.review.edit(
                ids["bulky-light-edit"]!,
                text: "Sperrmüll melden Sie online unter https://www.musterstadt.example an. Die Abholung erfolgt innerhalb von zwei Wochen.",
                snippetID: "sperrmuell-anmelden", by: anna)
            try workflow.review.dismiss(ids["bulky-spam"]!, reason: "Werbung", kind: .spam, by: anna)
            try workflow.review.edit(
                ids["bulky-pending-edit"]!, text: "Sofas holen wir ab, bitte melden Sie sie online an.", snippetID: "sperrmuell-anmelden", by: anna)
            clock.advance(hours: 1)
            try workflow.review.approve(ids["fridge"]!, by: petra)
            try workflow.review.approve(ids["bulky-light-edit"]!, by: petra)
            try workflow.review.rewrite(
                ids["dog-discount"]!, text: "Eine Ermäßigung der Hundesteuer gibt es für Inhaber eines Sozialpasses.", by: petra)
            try workflow.review.approve(ids["dog-discount"]!, by: try fixture.person("paul"))
        }

        func key(_ id: Int64) -> String { ids.first { $0.value == id }?.key ?? "#\(id)" }
    }

    @Test("the fixture's signals are what the scenario says")
    func scenarioSignals() throws {
        let scenario = try Scenario()
        let fixture = scenario.fixture
        // The Sperrmüll questions really are matched to the Sperrmüll snippet (ranked first), whatever the threshold.
        for key in ["fridge", "bulky-confirmed", "bulky-light-edit", "bulky-pending-edit"] {
            let top = try fixture.row("SELECT snippetId FROM suggestion WHERE itemId = ? AND rank = 1", [scenario.ids[key]!])
            #expect(top?["snippetId"] as String? == "sperrmuell-anmelden", "\(key) should rank the Sperrmüll snippet first")
        }
        let ratios = try fixture.rows("SELECT id, editRatio FROM item WHERE editRatio IS NOT NULL")
        let byID = Dictionary(uniqueKeysWithValues: ratios.map { ($0["id"] as Int64, $0["editRatio"] as Double) })
        #expect(byID[scenario.ids["fridge"]!]! >= 0.3)
        #expect(byID[scenario.ids["bulky-light-edit"]!]! < 0.3)
    }

    @Test("gap messages cluster by topic, biggest first, with exactly the expected members")
    func clusters() throws {
        let scenario = try Scenario()
        let report = try scenario.fixture.workflow.reports.gapReport(since: InsightFixture.at(0))
        let members = report.clusters.map { $0.itemIDs.map(scenario.key) }
        #expect(
            members == [
                ["dog-rate", "dog-second", "dog-deregister", "dog-discount"],
                ["park-apply", "park-cost", "park-renew"],
                ["pool"], ["wedding"], ["fridge"],
            ])
        #expect(report.messages == 10)
        #expect(report.clusters.map(\.size) == [4, 3, 1, 1, 1])
    }

    @Test("only gap signals count, and each cluster says which it carries")
    func signals() throws {
        let scenario = try Scenario()
        let report = try scenario.fixture.workflow.reports.gapReport(since: InsightFixture.at(0))
        let all = Set(report.clusters.flatMap(\.itemIDs).map(scenario.key))
        for key in ["bulky-confirmed", "bulky-light-edit", "bulky-spam", "bulky-pending-edit"] {
            #expect(!all.contains(key), "\(key) is no gap")
        }
        try #require(report.clusters.count == 5)
        #expect(report.clusters[0].signals == [.unmatched: 4, .noFittingAnswer: 1, .escalated: 1, .heavilyEdited: 1])
        #expect(report.clusters[1].signals == [.unmatched: 3, .noFittingAnswer: 1, .escalated: 1])
        #expect(report.clusters[4].signals == [.heavilyEdited: 1])
        // `report gaps --json` keeps printing the signals as an object keyed by their names.
        #expect(String(decoding: try JSONEncoder().encode(report.clusters[4].signals), as: UTF8.self) == #"{"heavily-edited":1}"#)
    }

    @Test("terms are real word forms, examples are masked, and the closest snippet is named")
    func presentation() throws {
        let scenario = try Scenario()
        let report = try scenario.fixture.workflow.reports.gapReport(since: InsightFixture.at(0))
        try #require(report.clusters.count == 5)
        let dogs = report.clusters[0]
        let parking = report.clusters[1]
        #expect(Array(dogs.terms.prefix(2)) == ["hund", "hundesteuer"])
        #expect(Array(parking.terms.prefix(2)) == ["anwohnerparken", "parkausweis"])
        // Every term shown is a word some member actually wrote, never a stem like "hundesteu".
        for cluster in report.clusters {
            let words = Set(
                try cluster.itemIDs.flatMap { id in
                    let text: String = try #require(try scenario.fixture.row("SELECT text FROM message WHERE id = ?", [id]))["text"]
                    return text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
                })
            for term in cluster.terms { #expect(words.contains(term), "\(term) is not a word of cluster \(cluster.itemIDs)") }
        }
        #expect(
            dogs.examples == [
                "Wie hoch ist die Hundesteuer für einen Hund?",
                "Muss ich für einen zweiten Hund mehr Hundesteuer zahlen? Rückruf bitte unter [Telefon].",
                "Unser Hund ist gestorben. Wie melde ich die Hundesteuer ab? Wir wohnen [Adresse].",
            ])
        #expect(parking.closestSnippet == "personalausweis-beantragen")
        let best = try scenario.fixture.row(
            "SELECT MAX(confidence) AS best FROM suggestion WHERE rank = 1 AND snippetId = 'personalausweis-beantragen' AND itemId IN (?, ?, ?)",
            [scenario.ids["park-apply"]!, scenario.ids["park-cost"]!, scenario.ids["park-renew"]!])
        #expect(parking.closestConfidence == best?["best"])
        #expect(report.clusters[4].closestSnippet == "sperrmuell-anmelden")
    }

    @Test("a wider period takes in older gaps, but a purged message never comes back")
    func periodAndPurge() throws {
        let scenario = try Scenario()
        let report = try scenario.fixture.workflow.reports.gapReport(since: InsightFixture.at(-24 * 200))
        let members = report.clusters.map { $0.itemIDs.map(scenario.key) }
        #expect(members.first == ["dog-early", "dog-rate", "dog-second", "dog-deregister", "dog-discount"])
        #expect(!members.joined().contains("dog-purged"))
        #expect(report.messages == 11)
    }
}
