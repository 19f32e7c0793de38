import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Validity windows and `report stale`: a snippet outside its window is never offered, and the press office sees
/// what to re-check before citizens get an outdated answer.
@Suite("Snippet lifecycle")
struct StaleReportTests {
    /// Today is Monday 2026-11-02 in Musterstadt (10:00 UTC).
    static let now = InsightFixture.at(10)

    static func file(_ id: String, _ title: String, _ question: String, extra: String = "", body: String? = nil) -> (path: String, contents: String) {
        (
            "test/\(id).md",
            TestEnvironment.snippetFile(
                id: id, title: title, questions: [question], body: body ?? "Guten Tag, zu \(title) informiert Sie das Bürgerbüro.", extra: extra)
        )
    }

    static let briefwahl = file("briefwahl", "Briefwahl", "Wie beantrage ich die Briefwahl für die Kommunalwahl?", extra: "valid_until: 2026-11-01")
    static let weihnachtsmarkt = file(
        "weihnachtsmarkt-2026", "Weihnachtsmarkt 2026", "Wann hat der Weihnachtsmarkt geöffnet?", extra: "valid_from: 2026-11-03")
    static let eisbahn = file("eisbahn", "Eisbahn", "Wann öffnet die Eisbahn auf dem Marktplatz?", extra: "valid_until: 2026-11-20")
    static let sommerferien = file("sommerferien", "Ferienprogramm", "Gibt es ein Ferienprogramm für Kinder?", extra: "valid_until: 2027-03-01")
    static let grundsteuer = file("grundsteuer", "Grundsteuer", "Wann ist die Grundsteuer fällig?", extra: "review_by: 2026-10-15")
    static let hundesteuer = file("hundesteuer", "Hundesteuer", "Wie melde ich meinen Hund zur Hundesteuer an?")
    static let parkausweis = file("parkausweis", "Parkausweis", "Wo bekomme ich einen Parkausweis für Anwohner?")

    // MARK: Validity windows

    @Test("a snippet that expired yesterday or starts tomorrow is never suggested; inside its window it is")
    func matcherRespectsWindow() throws {
        let fixture = try InsightFixture(files: InsightFixture.baseFiles + [Self.briefwahl, Self.weihnachtsmarkt], start: Self.now)
        let matcher = fixture.workflow.matcher
        func top(_ question: String) throws -> [String] { try matcher.match(question).suggestions.map(\.snippetID) }

        #expect(try !top("Wie beantrage ich die Briefwahl für die Kommunalwahl?").contains("briefwahl"))
        #expect(try !top("Wann hat der Weihnachtsmarkt geöffnet?").contains("weihnachtsmarkt-2026"))

        // 2026-11-01 23:30 in Musterstadt (22:30 UTC): the last day of the window, still valid there.
        fixture.clock.set(InsightFixture.at(-1.5))
        #expect(try top("Wie beantrage ich die Briefwahl für die Kommunalwahl?").first == "briefwahl")
        // Half an hour later it is Monday in Musterstadt, though still Sunday in UTC.
        fixture.clock.set(InsightFixture.at(-0.5))
        #expect(try !top("Wie beantrage ich die Briefwahl für die Kommunalwahl?").contains("briefwahl"))

        // Tuesday: the Christmas market snippet starts.
        fixture.clock.set(InsightFixture.at(24 + 10))
        #expect(try top("Wann hat der Weihnachtsmarkt geöffnet?").first == "weihnachtsmarkt-2026")
    }

    @Test("intake stores no suggestion of a snippet outside its window, and staff cannot send one by name")
    func intakeAndConfirmRespectWindow() throws {
        let fixture = try InsightFixture(files: InsightFixture.baseFiles + [Self.briefwahl, Self.weihnachtsmarkt], start: Self.now)
        let vote = try fixture.receive("Wie beantrage ich die Briefwahl für die Kommunalwahl?")
        let market = try fixture.receive("Wann hat der Weihnachtsmarkt geöffnet?")
        let suggested = try fixture.rows("SELECT snippetId FROM suggestion WHERE itemId IN (?, ?)", [vote, market]).map { $0["snippetId"] as String }
        #expect(!suggested.contains("briefwahl"))
        #expect(!suggested.contains("weihnachtsmarkt-2026"))

        let anna = try fixture.person("anna")
        for (id, snippet) in [(vote, "briefwahl"), (market, "weihnachtsmarkt-2026")] {
            let error = caughtError { try fixture.workflow.review.confirm(id, snippetID: snippet, by: anna) }
            #expect(error as? ReviewError == .snippetNotValid(id: snippet, day: "2026-11-02"))
        }
        #expect(try fixture.workflow.queue.item(vote).entry.state == .open)
    }

    // MARK: Stale report

    /// Four snippets synced 200 days ago (one used 190 days ago, one never, one with an overdue review date, one
    /// used today and edited once), and five synced today: expired, not yet valid, expiring in 18 days, expiring in
    /// four months, and a new one nobody has used yet.
    static func lifecycleFixture() throws -> InsightFixture {
        let old = [InsightFixture.baseFiles[0], InsightFixture.baseFiles[1], Self.hundesteuer, Self.grundsteuer]
        let fixture = try InsightFixture(files: old, start: InsightFixture.at(-24 * 200))
        let anna = try fixture.person("anna")
        fixture.clock.set(InsightFixture.at(-24 * 190))
        let passport = try fixture.receive("Mein Personalausweis ist abgelaufen, was muss ich tun?", author: "Jana K.")
        try fixture.workflow.review.confirm(passport, snippetID: "personalausweis-beantragen", by: anna)

        fixture.clock.set(Self.now)
        try InsightFixture.sync(
            old + [Self.briefwahl, Self.weihnachtsmarkt, Self.eisbahn, Self.sommerferien, Self.parkausweis], into: fixture.knowledgeBase)
        let bulky = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.confirm(bulky, snippetID: "sperrmuell-anmelden", by: anna)
        let sofa = try fixture.receive("Wann wird der Sperrmüll abgeholt?")
        try fixture.workflow.review.edit(sofa, text: "Sperrmüll holen wir innerhalb von drei Wochen ab.", snippetID: "sperrmuell-anmelden", by: anna)
        return fixture
    }

    @Test("stale lists expired, not yet valid, expiring soon, review overdue and long unused snippets, each with its reasons")
    func staleReasons() throws {
        let fixture = try Self.lifecycleFixture()
        let report = try fixture.workflow.reports.staleReport(expiringWithin: 30, unusedDays: 180)
        #expect(report.today == "2026-11-02")
        let reasons = Dictionary(uniqueKeysWithValues: report.entries.map { ($0.usage.snippetID, $0.reasons) })
        #expect(
            reasons == [
                "briefwahl": [.expired(on: "2026-11-01")],
                "weihnachtsmarkt-2026": [.notYetValid(from: "2026-11-03")],
                "eisbahn": [.expiresSoon(on: "2026-11-20")],
                "grundsteuer": [.reviewOverdue(since: "2026-10-15"), .unused(days: 180)],
                "hundesteuer": [.unused(days: 180)],
                // Chosen once, but 190 days ago.
                "personalausweis-beantragen": [.unused(days: 180)],
            ])
        // Sorted by id, so the list reads the same every time.
        #expect(report.entries.map(\.usage.snippetID) == reasons.keys.sorted())
        // Not listed: used today (sperrmuell-anmelden), valid for months (sommerferien), new (parkausweis).
    }

    @Test("the look-ahead and the unused period are the caller's")
    func windows() throws {
        let fixture = try Self.lifecycleFixture()
        // 18 days to the ice rink's end: outside a 10-day look-ahead, inside a 18-day one.
        let short = try fixture.workflow.reports.staleReport(expiringWithin: 10, unusedDays: 180)
        #expect(!short.entries.contains { $0.usage.snippetID == "eisbahn" })
        let exact = try fixture.workflow.reports.staleReport(expiringWithin: 18, unusedDays: 180)
        #expect(exact.entries.first { $0.usage.snippetID == "eisbahn" }?.reasons == [.expiresSoon(on: "2026-11-20")])
        // 195 days: the passport snippet (used 190 days ago) counts as used; snippets 200 days old still do not.
        let long = try fixture.workflow.reports.staleReport(expiringWithin: 30, unusedDays: 195)
        let unused = long.entries.filter { $0.reasons.contains(.unused(days: 195)) }.map(\.usage.snippetID)
        #expect(unused == ["grundsteuer", "hundesteuer"])
        // 250 days: nothing has existed that long, so nothing is "unused".
        let older = try fixture.workflow.reports.staleReport(expiringWithin: 30, unusedDays: 250)
        #expect(!older.entries.contains { $0.reasons.contains(.unused(days: 250)) })
    }

    @Test("usage counts suggestions, choices and edits per snippet")
    func usage() throws {
        let fixture = try Self.lifecycleFixture()
        let usage = Dictionary(uniqueKeysWithValues: try fixture.workflow.reports.snippetUsage().map { ($0.snippetID, $0) })
        let bulky = try #require(usage["sperrmuell-anmelden"])
        #expect(bulky.suggested == 2)
        #expect(bulky.chosen == 2)
        #expect(bulky.edited == 1)
        #expect(bulky.lastChosen == Timestamp.format(Self.now))
        let passport = try #require(usage["personalausweis-beantragen"])
        #expect(passport.chosen == 1)
        #expect(passport.edited == 0)
        #expect(passport.lastChosen == Timestamp.format(InsightFixture.at(-24 * 190)))
        #expect(usage["hundesteuer"]?.chosen == 0)
        #expect(usage["hundesteuer"]?.lastChosen == nil)
        // Most chosen first.
        #expect(try fixture.workflow.reports.snippetUsage().first?.snippetID == "sperrmuell-anmelden")
    }
}
