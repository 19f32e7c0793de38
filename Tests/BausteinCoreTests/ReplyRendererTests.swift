import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Rendering a reply: authority facts and per-message values filled in, the channel's length limit respected
/// (with the snippet's short variant where the full text does not fit), and a person's own text checked.
@Suite("Reply renderer")
struct ReplyRendererTests {
    static let renderer = ReplyRenderer(
        facts: AuthorityFacts(values: ["name": "Stadt Musterstadt", "telefon": "0123 4567-0", "buergeramt.telefon": "0123 4567-100"]),
        channels: ChannelPolicy.defaults)

    static func snippet(body: String, short: String? = nil) -> Snippet {
        Snippet(
            id: "test", title: "Test", questions: ["Frage?"], approvedBy: "Pressestelle", approvedOn: Day("2026-10-01")!, short: short,
            body: body)
    }

    static let long = String(repeating: "Ausführliche Auskunft zu Ihrem Anliegen. ", count: 10)

    @Test("authority facts and per-message values are filled in; surrounding whitespace goes")
    func fills() throws {
        let snippet = Self.snippet(body: "\n Guten Tag {{ name }}, rufen Sie die {{amt.name}} unter {{amt.buergeramt.telefon}} an. \n")
        let reply = try Self.renderer.render(snippet, values: ["name": "Herr Yılmaz"], channel: "email")
        #expect(reply.text == "Guten Tag Herr Yılmaz, rufen Sie die Stadt Musterstadt unter 0123 4567-100 an.")
        #expect(!reply.usedShort)
    }

    @Test("every missing value is named once, in order of appearance")
    func missingValues() {
        let snippet = Self.snippet(body: "{{name}}: Ihr Termin am {{datum}} um {{uhrzeit}}. Bis {{datum}}!")
        #expect(throws: ReviewError.missingValues(["datum", "uhrzeit"])) {
            try Self.renderer.render(snippet, values: ["name": "Frau Roth"], channel: "email")
        }
        #expect(throws: ReviewError.missingValues(["name", "datum", "uhrzeit"])) {
            try Self.renderer.render(snippet, values: ["name": ""], channel: "email")
        }
    }

    @Test("a snippet lists the per-message values it needs, from body and short, without authority facts")
    func messageValues() {
        let snippet = Self.snippet(body: "Guten Tag {{name}}, {{amt.telefon}} am {{datum}}.", short: "{{datum}} / {{frist}}")
        #expect(ReplyRenderer.messageValues(of: snippet) == ["name", "datum", "frist"])
    }

    @Test("the full text is used where it fits, the short variant where it does not")
    func shortVariant() throws {
        let snippet = Self.snippet(body: Self.long, short: "Kurz: {{amt.telefon}}")
        #expect(try Self.renderer.render(snippet, values: [:], channel: "email").text == Self.long.trimmingCharacters(in: .whitespaces))
        #expect(try Self.renderer.render(snippet, values: [:], channel: "facebook").usedShort == false)
        let onX = try Self.renderer.render(snippet, values: [:], channel: "x")
        #expect(onX.text == "Kurz: 0123 4567-0" && onX.usedShort)
    }

    @Test("on a short channel only the short variant's values are needed")
    func shortVariantOwnValues() throws {
        let snippet = Self.snippet(body: "Guten Tag {{name}}, " + Self.long, short: "Rufen Sie uns an: {{amt.telefon}}")
        let reply = try Self.renderer.render(snippet, values: [:], channel: "x")
        #expect(reply.text == "Rufen Sie uns an: 0123 4567-0" && reply.usedShort)
        // Where the full text goes out, its values are still required.
        #expect(throws: ReviewError.missingValues(["name"])) { try Self.renderer.render(snippet, values: [:], channel: "email") }
    }

    @Test("a body that might fit still needs its values, even with a short variant")
    func shortBodyNeedsValues() {
        let snippet = Self.snippet(body: "Guten Tag {{name}}, wir melden uns.", short: "Wir melden uns.")
        #expect(throws: ReviewError.missingValues(["name"])) { try Self.renderer.render(snippet, values: [:], channel: "x") }
    }

    @Test("when neither variant fits, the error gives the length and the limit")
    func tooLong() {
        let withoutShort = Self.snippet(body: Self.long)
        #expect(throws: ReviewError.tooLong(channel: "x", length: Self.long.trimmingCharacters(in: .whitespaces).count, limit: 280)) {
            try Self.renderer.render(withoutShort, values: [:], channel: "x")
        }
        let longShort = Self.snippet(body: Self.long, short: String(repeating: "k", count: 281))
        #expect(throws: ReviewError.tooLong(channel: "x", length: 281, limit: 280)) {
            try Self.renderer.render(longShort, values: [:], channel: "x")
        }
        #expect(ReviewError.tooLong(channel: "x", length: 281, limit: 280).description.contains("1 Zeichen zu viel"))
    }

    @Test("length is counted in characters, not bytes: 280 umlauts fit on X")
    func countsCharacters() throws {
        let text = String(repeating: "ä", count: 280)
        #expect(try Self.renderer.render(Self.snippet(body: text), values: [:], channel: "x").text == text)
        #expect(try Self.renderer.check(text, channel: "x") == text)
    }

    @Test("a channel without a known limit takes any length")
    func unknownChannelNoLimit() throws {
        #expect(try Self.renderer.render(Self.snippet(body: Self.long + Self.long), values: [:], channel: "sms").usedShort == false)
    }

    @Test("a person's text is trimmed and checked for emptiness, placeholders and length")
    func check() throws {
        #expect(try Self.renderer.check("  Danke für Ihre Nachricht.\n", channel: "x") == "Danke für Ihre Nachricht.")
        #expect(throws: ReviewError.emptyText) { try Self.renderer.check(" \n\t", channel: "x") }
        #expect(throws: ReviewError.unresolvedPlaceholder("frist")) { try Self.renderer.check("Bis {{ frist }} bitte.", channel: "email") }
        #expect(throws: ReviewError.tooLong(channel: "mastodon", length: 501, limit: 500)) {
            try Self.renderer.check(String(repeating: "b", count: 501), channel: "mastodon")
        }
        #expect(try Self.renderer.check(String(repeating: "b", count: 500), channel: "mastodon").count == 500)
    }
}
