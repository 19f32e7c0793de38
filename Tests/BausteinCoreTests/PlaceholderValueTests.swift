import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Placeholder values are text the press office never approved: only short, plain values go out unseen; anything else
/// makes the reply count as edited (attack: free text smuggled in through `--set name=…` or a display name).
@Suite("Placeholder values")
struct PlaceholderValueTests {
    @Test(
        "plain values: names, dates, short phrases",
        arguments: ["Frau Hoffmann", "Jana K.", "Dr. Müller", "3.12.2026", "Mo.-Fr. 8–12 Uhr", "z.B. morgen", "Ömer Yılmaz"])
    func plain(_ value: String) {
        #expect(PlaceholderValue.problem(value) == nil)
    }

    @Test(
        "links, handles, line breaks, long text and control characters are not plain",
        arguments: [
            ("Besuchen Sie http://gewinn.example", PlaceholderValue.Problem.link),
            ("www.gewinn.example", .link), ("bit.ly/abc", .link), ("gewinn.example/abc", .link), ("Frau Meier via t.me", .link),
            ("@ben", .handle), ("jana@example.org", .handle),
            ("Jana\nBitte überweisen Sie 50 €", .lineBreak), ("Jana\r", .lineBreak), ("Jana\u{2028}Nachtrag", .lineBreak),
            (String(repeating: "a", count: 81), .tooLong), ("Jana\u{202E}nnA", .controlCharacter), ("Jana\u{1B}[31m", .controlCharacter),
        ])
    func notPlain(_ value: String, _ problem: PlaceholderValue.Problem) {
        #expect(PlaceholderValue.problem(value) == problem)
    }

    @Test("attack: a link smuggled in through --set name makes the reply wait for the press office")
    func smuggledValue() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Mein Personalausweis ist abgelaufen, was muss ich tun?", channel: "web")
        let outcome = try fixture.workflow.review.confirm(
            id, snippetID: "personalausweis-beantragen", values: ["name": "Frau Meier, Termine gibt es nur unter http://termin-betrug.example"],
            by: try fixture.person("anna"))
        #expect(outcome.to == .confirmed && outcome.awaitsPress)
        #expect(try fixture.workflow.outbox.entries(for: nil).isEmpty)
        let row = try #require(try fixture.workflow.auditLog.entries(itemID: id).last)
        #expect(row.note?.contains("Platzhalterwert zählt als Bearbeitung") == true)
        #expect(row.note?.contains("{{name}}: Link oder Adresse") == true)
    }

    @Test("a plain value goes straight to the outbox, as before")
    func plainValue() throws {
        let fixture = try WorkflowFixture()
        let id = try fixture.receive("Mein Personalausweis ist abgelaufen, was muss ich tun?", channel: "web")
        let outcome = try fixture.workflow.review.confirm(
            id, snippetID: "personalausweis-beantragen", values: ["name": "Frau Meier"], by: try fixture.person("anna"))
        #expect(outcome.to == .approved)
        #expect(outcome.replyText?.hasPrefix("Guten Tag Frau Meier,") == true)
    }

    @Test("a citizen's display name that carries a link or a second line is never used as {{name}}")
    func displayName() {
        #expect(ReplyRenderer.values(forAuthor: "Jana Kowalski")["name"] == "Jana Kowalski")
        #expect(ReplyRenderer.values(forAuthor: "Gewinnspiel auf www.gewinn.example")["name"] == nil)
        #expect(ReplyRenderer.values(forAuthor: "Jana\nKlicken Sie hier")["name"] == nil)
    }
}
