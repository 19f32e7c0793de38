import BausteinCore
import Foundation
import Testing

/// `report service`: every figure checked against a timeline small enough to compute by hand.
@Suite("Service report")
struct ServiceReportTests {
    /// Seven messages over three days and two channels, every action at a known hour. Hour 0 is Monday 2026-11-02
    /// 00:00 UTC (01:00 in Musterstadt, so every message falls on the same calendar day in both).
    ///
    /// | # | channel   | received | what happens                                                  | reply (h) |
    /// |---|-----------|----------|---------------------------------------------------------------|-----------|
    /// | 1 | facebook  | Mo 8     | confirm 8.5 (Sperrmüll), export 9, sent 15                    | 1         |
    /// | 2 | instagram | Mo 9     | confirm 11 (Personalausweis), export 14, sent 15              | 5         |
    /// | 3 | facebook  | Mo 10    | confirm 11 (Presseanfragen: press), approve 13, export 14     | 4         |
    /// | 4 | facebook  | Tu 32    | escalate 33, press rewrites 38 (a colleague approves), export 40 | 8      |
    /// | 5 | instagram | Tu 32    | dismissed as spam 34                                          | –         |
    /// | 6 | instagram | Tu 36    | confirm 62 (Sperrmüll), export 64                             | 28        |
    /// | 7 | facebook  | We 57    | still open                                                    | –         |
    ///
    /// Handling seconds recorded: #1 120, #2 300, #3 180 + 240 (press), #4 240 + 600 (press), #5 60, #6 90.
    /// The report is taken at hour 72 (Thursday 00:00 UTC) for the period since hour 0: three days.
    static func timeline(files: [(path: String, contents: String)] = InsightFixture.baseFiles) throws -> InsightFixture {
        let fixture = try InsightFixture(files: files)
        let workflow = fixture.workflow
        let clock = fixture.clock
        let anna = try fixture.person("anna")
        let petra = try fixture.person("petra")
        let admin = try fixture.person("admin")
        func at(_ hours: Double) { clock.set(InsightFixture.at(hours)) }
        func receive(_ text: String, _ channel: String, hour: Double, author: String? = nil) throws -> Int64 {
            at(hour)
            return try fixture.receive(text, channel: channel, author: author, receivedAt: InsightFixture.at(hour))
        }

        let bulky = try receive("Wie melde ich Sperrmüll an?", "facebook", hour: 8)
        at(8.5)
        try workflow.review.confirm(bulky, by: anna)
        try workflow.review.recordHandling(bulky, seconds: 120)
        at(9)
        let passport = try receive("Mein Personalausweis ist abgelaufen, was muss ich tun?", "instagram", hour: 9, author: "Jana K.")
        #expect(try workflow.outbox.export(by: admin).map(\.itemID) == [bulky])
        let press = try receive("An wen richte ich eine Presseanfrage?", "facebook", hour: 10)
        at(11)
        try workflow.review.confirm(passport, by: anna)
        try workflow.review.recordHandling(passport, seconds: 300)
        #expect(try workflow.review.confirm(press, by: anna).to == .confirmed)
        try workflow.review.recordHandling(press, seconds: 180)
        at(13)
        try workflow.review.approve(press, by: petra)
        try workflow.review.recordHandling(press, seconds: 240)
        at(14)
        #expect(try workflow.outbox.export(by: admin).map(\.itemID) == [passport, press])
        at(15)
        try workflow.outbox.markSent(bulky, by: admin)
        try workflow.outbox.markSent(passport, by: admin)

        let pickup = try receive("Wann wird der Sperrmüll abgeholt?", "facebook", hour: 32)
        let spam = try receive("Günstige Uhren, jetzt kaufen!", "instagram", hour: 32)
        at(33)
        try workflow.review.escalate(pickup, note: "Abholtermine in der Nordstadt klären", by: anna)
        try workflow.review.recordHandling(pickup, seconds: 240)
        at(34)
        try workflow.review.dismiss(spam, reason: "Werbung", kind: .spam, by: anna)
        try workflow.review.recordHandling(spam, seconds: 60)
        let sofa = try receive("Wie melde ich Sperrmüll an? Es geht um ein Sofa.", "instagram", hour: 36)
        at(38)
        try workflow.review.rewrite(pickup, text: "In der Nordstadt holen wir Sperrmüll jeden zweiten Dienstag ab.", by: petra)
        try workflow.review.approve(pickup, by: try fixture.person("paul"))
        try workflow.review.recordHandling(pickup, seconds: 600)
        at(40)
        #expect(try workflow.outbox.export(by: admin).map(\.itemID) == [pickup])

        let open = try receive("Wie beantrage ich einen neuen Personalausweis?", "facebook", hour: 57)
        at(62)
        try workflow.review.confirm(sofa, snippetID: "sperrmuell-anmelden", by: anna)
        try workflow.review.recordHandling(sofa, seconds: 90)
        at(64)
        #expect(try workflow.outbox.export(by: admin).map(\.itemID) == [sofa])
        #expect([bulky, passport, press, pickup, spam, sofa, open] == [1, 2, 3, 4, 5, 6, 7])
        at(72)
        return fixture
    }

    @Test("messages per channel and per day")
    func volume() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(0))
        #expect(report.since == "2026-11-02T00:00:00Z")
        #expect(report.until == "2026-11-05T00:00:00Z")
        #expect(report.days == 3)
        #expect(report.messages == 7)
        // facebook #1 #3 #4 #7, instagram #2 #5 #6.
        #expect(report.messagesByChannel == ["facebook": 4, "instagram": 3])
        #expect(
            report.messagesByDay.map { "\($0.day) \($0.channel) \($0.messages)" } == [
                "2026-11-02 facebook 2",  // #1 #3
                "2026-11-02 instagram 1",  // #2
                "2026-11-03 facebook 1",  // #4
                "2026-11-03 instagram 2",  // #5 #6
                "2026-11-04 facebook 1",  // #7
            ])
    }

    @Test("replies, reply time p50/p90 (nearest rank) and the 24-hour share")
    func replyTimes() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(0))
        // Handed to delivery: #1 #2 #3 #4 #6. Reply hours, sorted: 1, 4, 5, 8, 28.
        #expect(report.replies == 5)
        // p50: rank ceil(0.5 × 5) = 3 → 5 h. p90: rank ceil(0.9 × 5) = 5 → 28 h.
        #expect(report.replyHoursP50 == 5)
        #expect(report.replyHoursP90 == 28)
        // Within 24 h: #1 #2 #3 #4 = 4, of the 6 messages not dismissed (#7, still open, counts as not answered).
        #expect(report.answeredWithin24h == 4.0 / 6.0)
    }

    @Test("unchanged share, escalation and dismissal rates, press approval time")
    func shares() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(0))
        // Unchanged snippets among the 5 replies: #1 #2 #3 #6 (#4 was rewritten by the press office).
        #expect(report.unchangedShare == 4.0 / 5.0)
        // #4 escalated, #5 dismissed, of 7 messages.
        #expect(report.escalationRate == 1.0 / 7.0)
        #expect(report.dismissalRate == 1.0 / 7.0)
        // Press waits: #3 from confirm (11) to approve (13) = 2 h, #4 from escalate (33) to rewrite (38) = 5 h.
        // Median, nearest rank: ceil(0.5 × 2) = 1 → 2 h.
        #expect(report.pressApprovalHoursP50 == 2)
    }

    @Test("top snippets, handling time and the staff hours the volume implies")
    func effort() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(0))
        // Replies built on a snippet: Sperrmüll #1 #6, Personalausweis #2, Presseanfragen #3; #4 has none.
        #expect(report.topSnippets.map(\.snippetID) == ["sperrmuell-anmelden", "personalausweis-beantragen", "presseanfragen"])
        #expect(report.topSnippets.map(\.replies) == [2, 1, 1])
        #expect(report.topSnippets.first?.title == "Sperrmüll anmelden")
        // Seconds per item: 120, 300, 420, 840, 60, 90 (#7 none) → sorted 60, 90, 120, 300, 420, 840;
        // median rank ceil(0.5 × 6) = 3 → 120 s = 2 minutes.
        #expect(report.handlingMinutesP50 == 2)
        // 7 messages in 3 days = 7 × 7 / 3 = 16.33 a week; × 120 s each = 1960 s = 0.5444 h a week.
        let expected = 7.0 * 7.0 * 120.0 / (3.0 * 3600.0)
        #expect(abs((report.staffHoursPerWeek ?? 0) - expected) < 1e-9)
        #expect(abs(expected - 0.5444) < 0.0001)
    }

    @Test("a later start leaves earlier messages out of every figure")
    func period() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(24))
        // #4 #5 #6 #7; replies #4 (8 h) and #6 (28 h).
        #expect(report.messages == 4)
        #expect(report.days == 2)
        #expect(report.replies == 2)
        #expect(report.replyHoursP50 == 8)
        #expect(report.answeredWithin24h == 1.0 / 3.0)
        #expect(report.topSnippets.map(\.snippetID) == ["sperrmuell-anmelden"])
    }

    @Test("an empty period has counts of zero and no made-up rates")
    func empty() throws {
        let report = try Self.timeline().workflow.reports.serviceReport(since: InsightFixture.at(71))
        #expect(report.messages == 0)
        #expect(report.replies == 0)
        #expect(report.replyHoursP50 == nil)
        #expect(report.answeredWithin24h == nil)
        #expect(report.escalationRate == nil)
        #expect(report.staffHoursPerWeek == nil)
    }
}
