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
        // The greeting's name is optional: without it the reply greets neutrally.
        #expect(throws: ReviewError.missingValues(["datum", "uhrzeit"])) {
            try Self.renderer.render(snippet, values: ["name": ""], channel: "email")
        }
    }

    @Test("a snippet lists the per-message values it needs, from body and short, without authority facts or the optional name")
    func messageValues() {
        let snippet = Self.snippet(body: "Guten Tag {{name}}, {{amt.telefon}} am {{datum}}.", short: "{{datum}} / {{frist}}")
        #expect(ReplyRenderer.messageValues(of: snippet) == ["datum", "frist"])
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
        // Where the full text goes out, it greets neutrally without a name.
        #expect(try Self.renderer.render(snippet, values: [:], channel: "email").text.hasPrefix("Guten Tag, Ausführliche"))
    }

    @Test("a body that might fit still needs its values, even with a short variant")
    func shortBodyNeedsValues() {
        let snippet = Self.snippet(body: "Guten Tag {{name}}, wir melden uns am {{datum}}.", short: "Wir melden uns.")
        #expect(throws: ReviewError.missingValues(["datum"])) { try Self.renderer.render(snippet, values: [:], channel: "x") }
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

/// Greetings: only what reads like a person's name is greeted with; anything else gets a neutral "Guten Tag,".
@Suite("Greeting names")
struct GreetingTests {
    @Test(
        "handles, addresses, stand-ins and organisations are never used as a name",
        arguments: [
            "lena.mstadt", "@ben", "@ben@chaos.social", "@radlerin@norden.social", "fussballfan_87", "nachbarschaft_sued",
            "s.hoffmann@example.org", "k.schulz@example.com", "Anonym", "anonymous", "Anonymous", "Gast", "Facebook User", "user12345",
            "Presse Nordkurier", "Redaktion Stadtradio", "Lokalzeitung Musterstadt", "RA Dr. Albrecht", "Kanzlei Meyer & Partner",
            "Müller GmbH", "Sportverein Blau-Weiß e.V.", "ADAC", "NDR Info", "Bürgerinitiative Lindenstraße", "Team Stadtfest",
            "Hotel am Markt", "Radio Hansewelle", "jana", "x", "", "   ", "🌸🌸", "Jana Krüger Maria Anna Sophie", "a.b.c", "#hashtag",
        ])
    func notNames(author: String) {
        #expect(AuthorName.salutation(for: author) == nil, "\(author)")
        #expect(ReplyRenderer.values(forAuthor: author).isEmpty, "\(author)")
    }

    @Test(
        "people's names are kept as the platform shows them",
        arguments: [
            ("Jana K.", "Jana K."), ("Dieter M.", "Dieter M."), ("Murat", "Murat"), ("Olga", "Olga"), ("Familie Weber", "Familie Weber"),
            ("Dr. Sabine Roth", "Dr. Sabine Roth"), ("Ursula von der Leyen", "Ursula von der Leyen"), ("Jean-Luc Picard", "Jean-Luc Picard"),
            ("Zoë O'Neill", "Zoë O'Neill"), ("Jana 🌸 K.", "Jana K."), ("Ömer Yılmaz", "Ömer Yılmaz"), ("Anna A.", "Anna A."),
        ])
    func names(author: String, expected: String) {
        #expect(AuthorName.salutation(for: author) == expected, "\(author)")
    }

    static let greeting = ReplyRendererTests.snippet(body: "Guten Tag {{name}},\n\nIhr Ausweis liegt bereit.\n\nFreundliche Grüße\nIhr Team")

    @Test("without a name the greeting stays a sentence: 'Guten Tag,'")
    func neutral() throws {
        let reply = try ReplyRendererTests.renderer.render(Self.greeting, values: ReplyRenderer.values(forAuthor: "@ben"), channel: "facebook")
        #expect(reply.text.hasPrefix("Guten Tag,\n\nIhr Ausweis"))
        let hallo = ReplyRendererTests.snippet(body: "Hallo {{name}}!\nIhr Ausweis liegt bereit.")
        #expect(try ReplyRendererTests.renderer.render(hallo, values: [:], channel: "facebook").text == "Hallo!\nIhr Ausweis liegt bereit.")
        let named = try ReplyRendererTests.renderer.render(Self.greeting, values: ReplyRenderer.values(forAuthor: "Jana K."), channel: "facebook")
        #expect(named.text.hasPrefix("Guten Tag Jana K.,\n"))
        #expect(ReplyRenderer.messageValues(of: Self.greeting).isEmpty)
    }

    @Test("a channel with its own closing (gruss.<channel>) replaces the snippet's sign-off; others keep it")
    func signOff() throws {
        let renderer = ReplyRenderer(
            facts: AuthorityFacts(values: ["name": "Stadt Musterstadt", "gruss.email": "Mit freundlichen Grüßen\nIhr Bürgerservice der {{amt.name}}"]),
            channels: ChannelPolicy.defaults)
        let email = try renderer.render(Self.greeting, values: [:], channel: "email").text
        #expect(email.hasSuffix("Ihr Ausweis liegt bereit.\n\nMit freundlichen Grüßen\nIhr Bürgerservice der Stadt Musterstadt"))
        let facebook = try renderer.render(Self.greeting, values: [:], channel: "facebook").text
        #expect(facebook.hasSuffix("Freundliche Grüße\nIhr Team"))
        // A text without a closing paragraph is left alone.
        let plain = ReplyRendererTests.snippet(body: "Ihr Ausweis liegt bereit.")
        #expect(try renderer.render(plain, values: [:], channel: "email").text == "Ihr Ausweis liegt bereit.")
    }
}
