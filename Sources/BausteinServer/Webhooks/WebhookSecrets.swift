import Foundation

/// The secrets of the webhook adapters and of delivery, read from environment variables (never from files in
/// the repository).
///
/// | variable | used for |
/// |---|---|
/// | `BAUSTEIN_GENERIC_SECRET` | HMAC key of `X-Baustein-Signature` on `/webhooks/generic` |
/// | `BAUSTEIN_MASTODON_SECRET` | HMAC key of `X-Hub-Signature` on `/webhooks/mastodon` |
/// | `BAUSTEIN_META_APP_SECRET` | HMAC key of `X-Hub-Signature-256` on `/webhooks/meta` |
/// | `BAUSTEIN_META_VERIFY_TOKEN` | the `hub.verify_token` of Meta's subscription check |
/// | `BAUSTEIN_TELEGRAM_SECRET` | the `X-Telegram-Bot-Api-Secret-Token` set with `setWebhook` |
/// | `BAUSTEIN_DELIVERY_SECRET` | HMAC key of `X-Baustein-Signature` on delivered replies |
/// | `BAUSTEIN_MASTODON_TOKEN` | the access token that posts replies on Mastodon (and reads notifications for polling) |
/// | `BAUSTEIN_TELEGRAM_BOT_TOKEN` | the bot's token (sendMessage, getUpdates) |
/// | `BAUSTEIN_META_PAGE_TOKEN` | the page access token for Facebook and Instagram replies |
/// | `BAUSTEIN_SMTP_USER`, `BAUSTEIN_SMTP_PASSWORD` | SMTP submission login |
///
/// Each can also be read from a file: `<NAME>_FILE` names it (a secret file outside the repository, readable by the
/// service only).
public struct WebhookSecrets: Sendable, Equatable {
    public var generic: [UInt8]?
    public var mastodon: [UInt8]?
    public var metaAppSecret: [UInt8]?
    public var metaVerifyToken: String?
    public var telegram: String?
    public var delivery: [UInt8]?
    public var mastodonToken: String?
    public var telegramBotToken: String?
    public var metaPageToken: String?
    public var smtpUser: String?
    public var smtpPassword: String?

    public init(
        generic: String? = nil, mastodon: String? = nil, metaAppSecret: String? = nil, metaVerifyToken: String? = nil,
        telegram: String? = nil, delivery: String? = nil
    ) {
        self.generic = generic.map { Array($0.utf8) }
        self.mastodon = mastodon.map { Array($0.utf8) }
        self.metaAppSecret = metaAppSecret.map { Array($0.utf8) }
        self.metaVerifyToken = metaVerifyToken
        self.telegram = telegram
        self.delivery = delivery.map { Array($0.utf8) }
    }

    /// Reads the variables above (or the files their `_FILE` variants name); empty values count as unset.
    public static func fromEnvironment(_ environment: [String: String]) -> WebhookSecrets {
        func value(_ name: String) -> String? {
            if let direct = environment[name], !direct.isEmpty { return direct }
            guard let file = environment[name + "_FILE"], !file.isEmpty, let data = FileManager.default.contents(atPath: file) else { return nil }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var secrets = WebhookSecrets(
            generic: value("BAUSTEIN_GENERIC_SECRET"), mastodon: value("BAUSTEIN_MASTODON_SECRET"),
            metaAppSecret: value("BAUSTEIN_META_APP_SECRET"), metaVerifyToken: value("BAUSTEIN_META_VERIFY_TOKEN"),
            telegram: value("BAUSTEIN_TELEGRAM_SECRET"), delivery: value("BAUSTEIN_DELIVERY_SECRET"))
        secrets.mastodonToken = value(MastodonDelivery.tokenVariable)
        secrets.telegramBotToken = value(TelegramDelivery.tokenVariable)
        secrets.metaPageToken = value(MetaDelivery.tokenVariable)
        secrets.smtpUser = value(EmailDelivery.userVariable)
        secrets.smtpPassword = value(EmailDelivery.passwordVariable)
        return secrets
    }

    /// The variable that holds a webhook's secret, for error messages.
    static func variable(for webhook: String) -> String {
        switch webhook {
        case "generic": return "BAUSTEIN_GENERIC_SECRET"
        case "mastodon": return "BAUSTEIN_MASTODON_SECRET"
        case "meta": return "BAUSTEIN_META_APP_SECRET und BAUSTEIN_META_VERIFY_TOKEN"
        default: return "BAUSTEIN_TELEGRAM_SECRET"
        }
    }
}
