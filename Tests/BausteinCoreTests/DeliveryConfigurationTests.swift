import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `delivery:` and `polling:` in `baustein.yaml`: each platform with its settings, defaults for the platforms' public
/// APIs, and each mistake reported with what to write instead. Secrets have no place here.
@Suite("Delivery configuration")
struct DeliveryConfigurationTests {
    static func parse(_ yaml: String) throws -> ServerConfiguration {
        try WorkflowConfiguration.parse(yaml, file: "baustein.yaml").server
    }

    static func error(_ yaml: String) -> String? {
        (caught { try parse(yaml) } as? ConfigurationError).map { "\($0)" }
    }

    @Test("every platform with its settings; Telegram and Meta default to their public APIs")
    func platforms() throws {
        let server = try Self.parse(
            """
            delivery:
              mastodon: {platform: mastodon, base_url: "https://social.bund.de", tries: 3, backoff: 250ms, timeout: 5s}
              telegram: {platform: telegram}
              facebook: {platform: meta, human_agent: true}
              instagram: {platform: meta, base_url: "http://127.0.0.1:9000/v21.0"}
              email:
                platform: email
                smtp: mail.musterstadt.de
                from: "Stadt Musterstadt <service@musterstadt.de>"
                signature: "Stadt Musterstadt"
                ca_file: /etc/baustein/ca.pem
              web: {url: "https://bridge.example/web"}
            """)
        #expect(server.delivery["mastodon"]?.platform == .mastodon(baseURL: URL(string: "https://social.bund.de")!))
        #expect(server.delivery["mastodon"]?.tries == 3)
        #expect(server.delivery["mastodon"]?.backoffSeconds == 0.25)
        #expect(server.delivery["mastodon"]?.timeoutSeconds == 5)
        #expect(server.delivery["telegram"]?.platform == .telegram(baseURL: URL(string: "https://api.telegram.org")!))
        #expect(server.delivery["facebook"]?.platform == .meta(baseURL: URL(string: "https://graph.facebook.com/v21.0")!, humanAgent: true))
        #expect(server.delivery["instagram"]?.platform == .meta(baseURL: URL(string: "http://127.0.0.1:9000/v21.0")!, humanAgent: false))
        guard case .email(let email) = server.delivery["email"]?.platform else {
            Issue.record("email not parsed")
            return
        }
        #expect(email.transport == .smtp(host: "mail.musterstadt.de", port: 587, security: .starttls))
        #expect(email.from == "Stadt Musterstadt <service@musterstadt.de>")
        #expect(email.subject == "Ihre Anfrage")
        #expect(email.caFile == "/etc/baustein/ca.pem")
        #expect(server.delivery["web"]?.url == URL(string: "https://bridge.example/web"))
    }

    @Test("mistakes name the field and what to write")
    func mistakes() {
        #expect(Self.error("delivery:\n  mastodon: {platform: mastodon}\n")?.contains("base_url") == true)
        #expect(Self.error("delivery:\n  facebook: {platform: mastodon, base_url: \"https://x.example\"}\n")?.contains("mastodon nur für den Kanal mastodon") == true)
        #expect(Self.error("delivery:\n  telegram: {platform: signal}\n")?.contains("mastodon, telegram, meta oder email") == true)
        #expect(Self.error("delivery:\n  mastodon: {platform: mastodon, base_url: \"ftp://x.example\"}\n")?.contains("http- oder https-Adresse") == true)
        // A password for SMTP has no field here: it comes from BAUSTEIN_SMTP_PASSWORD.
        #expect(Self.error("delivery:\n  email: {platform: email, smtp: mail.x.de, from: a@x.de, password: geheim}\n") != nil)
        // Without TLS only to a relay on this machine.
        #expect(Self.error("delivery:\n  email: {platform: email, smtp: \"mail.x.de:25\", security: plain, from: a@x.de}\n")?.contains("plain nur für 127.0.0.1") == true)
        #expect(Self.error("delivery:\n  email: {platform: email, from: a@x.de}\n")?.contains("smtp") == true)
        #expect(Self.error("delivery:\n  email: {platform: email, sendmail: /usr/sbin/sendmail, from: \"kein Absender\"}\n")?.contains("Absenderadresse") == true)
    }

    @Test("polling: Mastodon needs its instance, Telegram defaults to the Bot API; long polling waits at most 50 s")
    func polling() throws {
        let server = try Self.parse("polling:\n  mastodon: {base_url: \"https://social.bund.de\", interval: 30s}\n  telegram: {wait: 20s}\n")
        #expect(server.polling.mastodon == URL(string: "https://social.bund.de"))
        #expect(server.polling.mastodonInterval == 30)
        #expect(server.polling.telegram == URL(string: "https://api.telegram.org"))
        #expect(server.polling.telegramWait == 20)
        #expect(Self.error("polling:\n  mastodon: {interval: 30s}\n")?.contains("base_url") == true)
        #expect(Self.error("polling:\n  telegram: {wait: 90s}\n")?.contains("höchstens 50s") == true)
        #expect(Self.error("polling:\n  matrix: {}\n") != nil)
    }
}
