import BausteinCore
import Foundation

/// One channel's way out: its target (attempts, backoff, deadline) and the platform delivery that posts.
struct DeliveryRoute: Sendable {
    var target: ServerConfiguration.DeliveryTarget
    var delivery: any ChannelDelivery

    /// The routes of every channel under `delivery:`, with the secrets each platform needs.
    ///
    /// - Throws: ``ServerSetupError`` naming the environment variable a configured platform lacks.
    static func all(
        for configuration: ServerConfiguration, secrets: WebhookSecrets, transport: any DeliveryTransport, clock: WallClock
    ) throws -> [String: DeliveryRoute] {
        var routes: [String: DeliveryRoute] = [:]
        for (channel, target) in configuration.delivery {
            func secret(_ value: String?, _ variable: String) throws -> String {
                guard let value else { throw ServerSetupError.secretMissing(channel: channel, variable: variable) }
                return value
            }
            let delivery: any ChannelDelivery
            switch target.platform {
            case .webhook(let url):
                guard let key = secrets.delivery else { throw ServerSetupError.deliverySecretMissing(channels: [channel]) }
                delivery = WebhookDelivery(url: url, secret: key, transport: transport)
            case .mastodon(let baseURL):
                delivery = MastodonDelivery(baseURL: baseURL, token: try secret(secrets.mastodonToken, MastodonDelivery.tokenVariable))
            case .telegram(let baseURL):
                delivery = TelegramDelivery(baseURL: baseURL, token: try secret(secrets.telegramBotToken, TelegramDelivery.tokenVariable))
            case .meta(let baseURL, let humanAgent):
                delivery = MetaDelivery(
                    baseURL: baseURL, token: try secret(secrets.metaPageToken, MetaDelivery.tokenVariable), humanAgent: humanAgent, clock: clock)
            case .email(let settings):
                var credentials: (user: String, password: String)?
                if let user = secrets.smtpUser {
                    credentials = (user, try secret(secrets.smtpPassword, EmailDelivery.passwordVariable))
                }
                delivery = EmailDelivery(settings: settings, credentials: credentials, clock: clock)
            }
            routes[channel] = DeliveryRoute(target: target, delivery: delivery)
        }
        return routes
    }
}
