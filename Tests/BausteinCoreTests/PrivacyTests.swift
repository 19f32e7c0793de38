import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The data subject's rights for one author: everything stored about them (Art. 15), and erasure with the guarantees
/// of retention (Art. 17).
@Suite("Privacy requests")
struct PrivacyTests {
    /// Two messages by Erika (one answered and approved, one still open) and one by someone else.
    static func fixture() throws -> (WorkflowFixture, [Int64]) {
        let fixture = try WorkflowFixture()
        let erika = try fixture.workflow.intake.accept([
            IncomingMessage(externalID: "e1", channel: "facebook", author: "Erika Muster", text: "Wie melde ich Sperrmüll an?", replyTo: "c-1"),
            IncomingMessage(externalID: "e2", channel: "email", author: "Erika Muster", text: "Wann ist das Bürgeramt offen?", replyTo: "erika@example.org"),
            IncomingMessage(externalID: "o1", channel: "facebook", author: "Otto", text: "Wie melde ich Sperrmüll an?", replyTo: "c-3"),
        ]).map(\.itemID)
        try fixture.workflow.intake.matchPending()
        try fixture.workflow.review.confirm(erika[0], snippetID: "sperrmuell-anmelden", by: try fixture.person("anna"))
        return (fixture, erika)
    }

    @Test("export lists every message of the author (by name or reply address) with replies, learned text and history")
    func export() throws {
        let (fixture, ids) = try Self.fixture()
        let export = try fixture.workflow.retention.privacyExport(author: "erika muster", by: try fixture.person("petra"))
        #expect(export.messages.map(\.item) == [ids[0], ids[1]])
        #expect(export.messages[0].reply?.contains("Sperrmüll melden Sie online") == true)
        #expect(export.messages[0].learnedPhrasings == ["Wie melde ich Sperrmüll an?"])
        #expect(export.messages[0].history.map(\.action.rawValue) == ["receive", "confirm"])
        #expect(try fixture.workflow.retention.privacyExport(author: "erika@example.org", by: try fixture.person("admin")).messages.map(\.item) == [ids[1]])
        #expect(throws: ReviewError.purgeNotAllowed(person: "anna", role: .staff)) {
            try fixture.workflow.retention.privacyExport(author: "Erika Muster", by: try fixture.person("anna"))
        }
    }

    @Test("erasure removes the author's texts, replies and learned phrasings, closes what is open, and keeps others")
    func erase() throws {
        let (fixture, ids) = try Self.fixture()
        let petra = try fixture.person("petra")
        let dry = try fixture.workflow.retention.privacyErase(author: "Erika Muster", dryRun: true, by: petra)
        #expect(dry.itemIDs == [ids[0], ids[1]] && dry.learnedPhrasings == 1 && dry.dryRun)
        #expect(try fixture.workflow.queue.item(ids[0]).entry.text == "Wie melde ich Sperrmüll an?")
        let report = try fixture.workflow.retention.privacyErase(author: "Erika Muster", dryRun: false, by: petra)
        #expect(report.itemIDs == [ids[0], ids[1]] && report.expiredIDs == [ids[0], ids[1]])
        for id in ids.prefix(2) {
            let detail = try fixture.workflow.queue.item(id)
            #expect(detail.entry.text.isEmpty && detail.entry.author == nil && detail.replyTo == nil && detail.replyText == nil)
            #expect(detail.entry.state == .dismissed)
        }
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
        #expect(try fixture.workflow.retention.privacyExport(author: "Erika Muster", by: petra).messages.isEmpty)
        #expect(try fixture.workflow.queue.item(3).entry.author == "Otto")
        let row = try #require(try fixture.workflow.auditLog.entries().last)
        #expect(row.action == .erase && row.note?.contains("Erika") == false && row.note?.contains("2 Anfragen") == true)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
    }
}
