/// The path a message came in by. Message ids are unique per path, so that one path (the generic webhook, say) cannot
/// pre-claim another path's ids and make the real messages look like repeats.
public enum IntakeSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// `baustein intake` on the command line (an admin's import).
    case cli
    /// `POST /webhooks/generic`: Baustein's own JSON shape, for web forms, e-mail gateways and bridges.
    case generic
    case mastodon
    case meta
    case telegram

    /// Channels that a platform's own path serves: nobody else may deliver messages on them, because their replies go
    /// back to that platform's users (and their ids are that platform's).
    public static let platformChannels: [String: IntakeSource] = [
        "facebook": .meta, "instagram": .meta, "mastodon": .mastodon, "telegram": .telegram,
    ]
}
