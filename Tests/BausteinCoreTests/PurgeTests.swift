import BausteinCore
import Foundation
import GRDB
import Testing

/// `purge`: after the retention period the citizen's words and name are gone, while the figures and the audit
/// chain stay as they were.
@Suite("Retention purge")
struct PurgeTests {
    /// The service timeline at hour 72; purging what is older than 36 hours takes items stored before hour 36 that
    /// are closed or stale: #1 and #2 (sent), #5 (dismissed) and #3, queued at hour 14 and untouched since (stale: it is
    /// closed as `expire`). #4 is as old but was exported at hour 40, #6 arrived at hour 36 exactly, #7 is open.
    static let age: TimeInterval = 36 * 3600
    static let purged: [Int64] = [1, 2, 3, 5]
    static let kept: [Int64] = [4, 6, 7]

    @Test("a dry run lists what would go and changes nothing")
    func dryRun() throws {
        let fixture = try ServiceReportTests.timeline()
        let before = try fixture.snapshot()
        let report = try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: true, by: try fixture.person("admin"))
        #expect(report.itemIDs == Self.purged)
        #expect(report.expiredIDs == [3])
        #expect(report.dryRun)
        #expect(report.cutoff == "2026-11-03T12:00:00Z")
        #expect(try fixture.snapshot() == before)
    }

    @Test("staff may not purge, and a refused purge writes nothing")
    func staffRefused() throws {
        let fixture = try ServiceReportTests.timeline()
        let before = try fixture.snapshot()
        for dryRun in [true, false] {
            let error = caughtError { try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: dryRun, by: try fixture.person("anna")) }
            #expect(error as? ReviewError == .purgeNotAllowed(person: "anna", role: .staff))
        }
        #expect(try fixture.snapshot() == before)
        // The press office may.
        #expect(try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: false, by: try fixture.person("petra")).itemIDs == Self.purged)
    }

    @Test("closed items lose message text, author, reply address, reply text, notes and audit texts; open ones keep them")
    func textsGone() throws {
        let fixture = try ServiceReportTests.timeline()
        let keptBefore = try Self.rows(of: Self.kept, in: fixture)
        let audited = try fixture.rows("SELECT seq FROM audit WHERE itemId IN (1, 2, 5) AND text IS NOT NULL")
        #expect(audited.count >= 5, "the fixture should have reply texts in the audit trail to remove")

        let report = try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: false, by: try fixture.person("admin"))
        #expect(report.itemIDs == Self.purged)
        #expect(!report.dryRun)

        for id in Self.purged {
            let message = try #require(try fixture.row("SELECT * FROM message WHERE id = ?", [id]))
            #expect(message["text"] as String == "")
            #expect(message["author"] as String? == nil)
            #expect(message["replyTo"] as String? == nil)
            #expect(message["purgedAt"] as String? == "2026-11-05T00:00:00Z")
            // The hash stays, so the audit rows that reference it still verify.
            #expect((message["textHash"] as String).count == 64)
            let item = try #require(try fixture.row("SELECT * FROM item WHERE id = ?", [id]))
            #expect(item["replyText"] as String? == nil)
            #expect(item["note"] as String? == nil)
            // Anonymous figures stay; the stale reply is closed.
            #expect(item["state"] as String == (id == 1 || id == 2 ? "sent" : "dismissed"))
            if id == 3 { #expect(item["dismissal"] as String? == "geloescht") }
            #expect(
                try fixture.rows(
                    "SELECT text, diff, note FROM audit WHERE itemId = ? AND (text IS NOT NULL OR diff IS NOT NULL OR note IS NOT NULL)", [id]
                ).isEmpty)
        }
        // Every audit row that carried a text still carries its digest.
        for row in audited {
            let digest = try fixture.row("SELECT textDigest FROM audit WHERE seq = ?", [row["seq"] as Int64])?["textDigest"] as String?
            #expect(digest?.count == 64)
        }
        // Nothing a citizen wrote or was sent in those items is left in the workflow tables.
        let dump = try ["message", "item", "audit"].flatMap { try fixture.rows("SELECT * FROM \($0)").map(\.description) }.joined(separator: "\n")
        for secret in ["Jana K.", "Günstige Uhren", "Werbung", "Mein Personalausweis ist abgelaufen"] {
            #expect(!dump.contains(secret), "\(secret) survived the purge")
        }
        #expect(try Self.rows(of: Self.kept, in: fixture) == keptBefore)
    }

    @Test("the service figures are the same after purging closed items")
    func figuresUnchanged() throws {
        let fixture = try ServiceReportTests.timeline()
        // Sent now, so that the purge finds only closed items (closing a stale one changes the figures, rightly).
        try fixture.workflow.outbox.markSent(3, by: try fixture.person("admin"))
        let before = try fixture.workflow.reports.serviceReport(since: InsightFixture.at(0))
        _ = try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: false, by: try fixture.person("admin"))
        #expect(try fixture.workflow.reports.serviceReport(since: InsightFixture.at(0)) == before)
    }

    @Test("the audit chain still verifies, with one row recording the purge")
    func auditIntact() throws {
        let fixture = try ServiceReportTests.timeline()
        let rowsBefore = try fixture.workflow.auditLog.entries().count
        _ = try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: false, by: try fixture.person("admin"))
        let verification = try fixture.workflow.auditLog.verify()
        #expect(verification.isIntact, "\(String(describing: verification.problem))")
        // One row closes the stale #3 (expire), one records the purge.
        #expect(verification.rows == rowsBefore + 2)
        let rows = try fixture.workflow.auditLog.entries()
        #expect(rows[rows.count - 2].action == .review(.expire) && rows[rows.count - 2].itemID == 3 && rows[rows.count - 2].toState == .dismissed)
        let last = try #require(rows.last)
        #expect(last.action == .purge)
        #expect(last.actor == "admin")
        #expect(last.itemID == nil)
        #expect(last.at == "2026-11-05T00:00:00Z")
        #expect(last.note?.hasPrefix("4 Anfragen vor 2026-11-03T12:00:00Z, davon 1 unerledigt geschlossen") == true)

        // A second purge finds nothing and records nothing.
        #expect(try fixture.workflow.retention.purge(olderThan: Self.age, dryRun: false, by: try fixture.person("admin")).itemIDs.isEmpty)
        #expect(try fixture.workflow.auditLog.entries().count == rowsBefore + 2)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
    }

    /// Message, item and audit rows of the given items as text.
    static func rows(of ids: [Int64], in fixture: InsightFixture) throws -> [String] {
        let list = ids.map(String.init).joined(separator: ",")
        return try [
            "SELECT * FROM message WHERE id IN (\(list)) ORDER BY id", "SELECT * FROM item WHERE id IN (\(list)) ORDER BY id",
            "SELECT * FROM audit WHERE itemId IN (\(list)) ORDER BY seq",
        ].flatMap { try fixture.rows($0).map(\.description) }
    }
}
