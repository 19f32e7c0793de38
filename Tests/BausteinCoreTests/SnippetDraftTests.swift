import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `snippet draft --from ITEM`: a reply the press office wrote becomes a snippet file for them to finish, without
/// the citizen's name or contact data.
@Suite("Snippet drafts")
struct SnippetDraftTests {
    /// A question with everything that could break the file or leak: a leading phone number (YAML would read
    /// `[Telefon]` as a list), quotes, a colon, a `#`, a line break, an address and an e-mail address.
    static let question =
        "0171 2345678 – bitte zurückrufen: Wohin mit meinem \"alten\" Kühlschrank? #Sperrmüll\n"
        + "Ich wohne Am Waldweg 12a, Mail jana@example.org"
    static let reply = "Guten Tag Jana Krüger, alte Kühlschränke nehmen wir am Wertstoffhof kostenlos an. Viele Grüße, Ihre Stadt Musterstadt"

    /// Item 1: escalated by staff, rewritten by the press office and approved by a colleague (four eyes).
    static func rewritten() throws -> InsightFixture {
        let fixture = try InsightFixture()
        let id = try fixture.receive(question, author: "Jana Krüger")
        try fixture.workflow.review.escalate(id, note: "Kühlschrank: kein Textbaustein", by: try fixture.person("anna"))
        fixture.clock.advance(hours: 2)
        try fixture.workflow.review.rewrite(id, text: reply, by: try fixture.person("petra"))
        try fixture.workflow.review.approve(id, by: try fixture.person("paul"))
        return fixture
    }

    @Test("the draft file parses as a snippet without problems, with its name and id")
    func parses() throws {
        let fixture = try Self.rewritten()
        let draft = try fixture.workflow.reports.snippetDraft(from: 1)
        #expect(draft.fileName == "entwurf-1.md")
        let parsed = SnippetFile.parse(contents: draft.contents, path: "snippets/_drafts/\(draft.fileName)", authority: InsightFixture.authority)
        let snippet = try parsed.get()
        #expect(snippet == draft.snippet)
        #expect(snippet.id == "entwurf-1")
        #expect(snippet.title.hasPrefix("ENTWURF: "))
        // Nobody has approved it: the press office must, and its approver field says so.
        #expect(snippet.approval == .press)
        #expect(snippet.approvedBy == "NOCH NICHT FREIGEGEBEN")
        #expect(snippet.approvedOn == Day("2026-11-02"))
        #expect(snippet.source == "Anfrage #1 (facebook)")
    }

    @Test("the citizen's name becomes {{name}} and the question's personal data is masked")
    func anonymous() throws {
        let fixture = try Self.rewritten()
        let draft = try fixture.workflow.reports.snippetDraft(from: 1)
        let snippet = draft.snippet
        #expect(snippet.body == Self.reply.replacingOccurrences(of: "Jana Krüger", with: "{{name}}"))
        #expect(snippet.body.hasPrefix("Guten Tag {{name}}, alte Kühlschränke"))
        #expect(
            snippet.questions == [
                "[Telefon] – bitte zurückrufen: Wohin mit meinem \"alten\" Kühlschrank? #Sperrmüll\nIch wohne [Adresse], Mail [E-Mail]"
            ])
        for secret in ["Krüger", "0171", "2345678", "Waldweg", "jana@"] {
            #expect(!draft.contents.contains(secret), "\(secret) is in the draft file")
        }
        // Rendered for the same citizen, the draft gives back exactly the approved reply.
        let rendered = try fixture.workflow.renderer.render(snippet, values: ReplyRenderer.values(forAuthor: "Jana Krüger"), channel: "facebook")
        #expect(rendered.text == Self.reply)
    }

    @Test("lint and sync skip drafts in snippets/_drafts/")
    func draftsSkipped() throws {
        let fixture = try Self.rewritten()
        let draft = try fixture.workflow.reports.snippetDraft(from: 1)
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in InsightFixture.baseFiles { try TestEnvironment.write(file.contents, to: file.path, in: directory) }
        try TestEnvironment.write(draft.contents, to: "_drafts/\(draft.fileName)", in: directory)
        let library = try SnippetLibrary.load(directory: directory, authority: InsightFixture.authority)
        #expect(library.problems.isEmpty)
        #expect(!library.snippets.contains { $0.snippet.id == "entwurf-1" })
        // The same file outside _drafts/ lints clean: it is a complete snippet once moved and named.
        try TestEnvironment.write(draft.contents, to: "abfall/\(draft.fileName)", in: directory)
        let moved = try SnippetLibrary.load(directory: directory, authority: InsightFixture.authority)
        #expect(moved.problems.isEmpty, "\(moved.problems)")
        #expect(moved.snippets.contains { $0.snippet.id == "entwurf-1" })
    }

    @Test("refused for an item without an approved reply")
    func refused() throws {
        let fixture = try InsightFixture()
        let anna = try fixture.person("anna")
        let open = try fixture.receive("Wie hoch ist die Hundesteuer?")
        let escalated = try fixture.receive("Gibt es eine Ermäßigung bei der Hundesteuer?")
        try fixture.workflow.review.escalate(escalated, note: "bitte klären", by: anna)
        let dismissed = try fixture.receive("Günstige Uhren!")
        try fixture.workflow.review.dismiss(dismissed, reason: "Werbung", kind: .spam, by: anna)
        let pending = try fixture.receive("Wie melde ich Sperrmüll an?")
        try fixture.workflow.review.edit(pending, text: "Sperrmüll bitte online anmelden.", snippetID: "sperrmuell-anmelden", by: anna)
        for id in [open, escalated, dismissed, pending] {
            #expect(throws: ReviewError.self, "item \(id)") { try fixture.workflow.reports.snippetDraft(from: id) }
        }
        #expect(throws: ReviewError.unknownItem(99)) { try fixture.workflow.reports.snippetDraft(from: 99) }
    }
}
