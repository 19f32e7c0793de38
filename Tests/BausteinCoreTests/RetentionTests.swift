import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// Retention as a data protection officer reads it: the period counts from when Baustein stored a message, stale items
/// are closed and purged too, learned phrasings expire and carry no names or dates, and a purged text leaves no byte in
/// the database files.
@Suite("Retention")
struct RetentionTests {
    static let days90: TimeInterval = 90 * 86_400

    @Test("the period counts from when Baustein stored the message, not from the sender's own timestamp")
    func storedAtCounts() throws {
        let fixture = try WorkflowFixture()
        let admin = try fixture.person("admin")
        let backdated = try fixture.workflow.intake.accept([
            IncomingMessage(channel: "web", text: "Wie melde ich Sperrmüll an?", receivedAt: fixture.clock.now.addingTimeInterval(-200 * 86_400))
        ])[0].itemID
        try fixture.workflow.review.dismiss(backdated, reason: "erledigt", by: try fixture.person("anna"))
        #expect(try fixture.workflow.retention.purge(olderThan: Self.days90, dryRun: false, by: admin).itemIDs.isEmpty)
        fixture.clock.advance(by: Self.days90 + 3600)
        #expect(try fixture.workflow.retention.purge(olderThan: Self.days90, dryRun: false, by: admin).itemIDs == [backdated])
    }

    @Test("an item nobody touched for the whole period is closed as expire and purged; one still worked on is kept")
    func staleItems() throws {
        let fixture = try WorkflowFixture()
        let forgotten = try fixture.receive("Wie melde ich Sperrmüll an?")
        let approved = try fixture.receive("Mein Personalausweis ist abgelaufen, was muss ich tun?")
        try fixture.workflow.review.confirm(approved, snippetID: "personalausweis-beantragen", values: ["name": "Frau Meier"], by: try fixture.person("anna"))
        let recent = try fixture.receive("Wann wird der Sperrmüll abgeholt?")
        fixture.clock.advance(by: Self.days90 - 86_400)
        try fixture.workflow.review.escalate(recent, note: "Bitte prüfen", by: try fixture.person("anna"))
        fixture.clock.advance(by: 2 * 86_400)
        let report = try fixture.workflow.retention.purge(olderThan: Self.days90, dryRun: false, by: try fixture.person("admin"))
        #expect(report.itemIDs == [forgotten, approved] && report.expiredIDs == [forgotten, approved])
        for id in [forgotten, approved] {
            let detail = try fixture.workflow.queue.item(id)
            #expect(detail.entry.state == .dismissed && detail.entry.text.isEmpty && detail.replyText == nil)
            #expect(detail.history.last?.action == .review(.expire))
        }
        // The reply waiting in the outbox is gone with it: nothing can send an emptied item.
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        #expect(try fixture.state(recent) == .escalated)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
    }

    @Test("learned phrasings carry no names, dates or case numbers, and expire with the period")
    func learnedPhrasings() throws {
        let fixture = try WorkflowFixture()
        let question = """
            Hallo, mein Name ist Jana Kowalski, geboren am 12.03.1985, Kundennummer 4711-0815. \
            Wie melde ich Sperrmüll an? Ich wohne Lindenstraße 4. Viele Grüße Jana Kowalski
            """
        let receipt = try fixture.workflow.intake.accept([IncomingMessage(channel: "facebook", author: "Jana Kowalski", text: question)])
        try fixture.workflow.intake.matchPending()
        try fixture.workflow.review.confirm(receipt[0].itemID, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try fixture.person("anna"))
        let learned = try #require(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").first)
        for secret in ["Jana", "Kowalski", "12.03", "1985", "4711", "0815", "Lindenstraße"] {
            #expect(!learned.contains(secret), "\(secret) in \(learned)")
        }
        #expect(learned.contains("Wie melde ich Sperrmüll an?"), "\(learned)")
        fixture.clock.advance(by: Self.days90 + 60)
        let report = try fixture.workflow.retention.purge(olderThan: Self.days90, dryRun: false, by: try fixture.person("admin"))
        #expect(report.learnedPhrasings == 1)
        #expect(try fixture.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
    }

    @Test(
        "the learning mask removes names after greetings and sign-offs, the author's name, dates and case numbers",
        arguments: [
            ("Ich heiße Ömer Yılmaz und brauche einen Termin.", "Ömer"),
            ("Mit freundlichen Grüßen\nMaximilian Mustermann", "Maximilian"),
            ("LG Kerstin", "Kerstin"),
            ("Frau Dr. Schulze sagte, ich soll hier fragen.", "Schulze"),
            ("Mein Antrag vom 3. Februar 2026 ist noch offen.", "Februar"),
            ("Aktenzeichen: 32-AB/2026 – wie ist der Stand?", "32-AB"),
            ("Meine Steuer-ID 12345678901 stimmt nicht.", "12345678901"),
        ])
    func learningMask(_ text: String, _ secret: String) {
        #expect(!PersonalDataMask.removeForLearning(text, author: nil).contains(secret))
    }

    @Test("the author's own name is removed wherever it appears, a handle's too")
    func authorName() {
        #expect(PersonalDataMask.removeForLearning("Hier schreibt die kleine Mia: wann ist Sperrmüll?", author: "@mia_b") == "Hier schreibt die kleine : wann ist Sperrmüll?")
        #expect(!PersonalDataMask.removeForLearning("Kowalski hier, wie beantrage ich Wohngeld?", author: "Jana Kowalski").contains("Kowalski"))
    }

    @Test("after purging hundreds of messages no byte of their text is left in the database, its WAL or the full-text index")
    func noBytesLeft() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = ManualClock()
        let path = directory.appendingPathComponent("baustein.sqlite").path
        let knowledgeBase = try KnowledgeBase(path: path, clock: clock.wallClock)
        try TestEnvironment.sync(WorkflowFixture.basicFiles, in: directory.appendingPathComponent("snippets"), into: knowledgeBase, authority: WorkflowFixture.authority)
        let workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(authority: WorkflowFixture.authority),
            configuration: WorkflowFixture.configuration(), triggers: EscalationTriggers())
        let marker = "Quarkstrudelbestellung"
        let anna = try workflow.person(named: "anna")
        let messages = (0..<300).map { n in
            IncomingMessage(
                externalID: "m-\(n)", channel: "facebook", author: "Zimtschnecke \(n)",
                text: "Wie melde ich Sperrmüll an, auch die \(marker) Nummer \(n)?", replyTo: "zuckerguss-\(n)")
        }
        for start in stride(from: 0, to: messages.count, by: 50) { try workflow.intake.accept(Array(messages[start..<start + 50])) }
        try workflow.intake.matchPending(limit: 1000)
        for id in Int64(1)...300 {
            if id % 10 == 0 {
                try workflow.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: anna)
            } else {
                try workflow.review.dismiss(id, reason: "Test \(marker)", by: anna)
            }
        }
        #expect(try !knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
        func leftovers() throws -> [String] {
            try ["", "-wal", "-shm"].compactMap { suffix -> String? in
                guard let data = FileManager.default.contents(atPath: path + suffix) else { return nil }
                let found = ["Quarkstrudel", "quarkstrudel", "strudelbestellung", "Zimtschnecke", "zimtschnecke", "zuckerguss"].filter {
                    data.range(of: Data($0.utf8)) != nil
                }
                return found.isEmpty ? nil : "baustein.sqlite\(suffix): \(found)"
            }
        }
        #expect(try !leftovers().isEmpty, "the marker must be in the files before the purge, or this test proves nothing")
        clock.advance(by: Self.days90 + 60)
        let report = try workflow.retention.purge(olderThan: Self.days90, dryRun: false, by: try workflow.person(named: "admin"))
        #expect(report.itemIDs.count == 300 && report.learnedPhrasings >= 1)
        let left = try leftovers()
        #expect(left.isEmpty, "\(left)")
        #expect(try workflow.auditLog.verify().isIntact)
    }
}
