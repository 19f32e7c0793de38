import Foundation

/// What `baustein serve` reads from `baustein.yaml`: address, limits, API token hashes, enabled webhooks and
/// delivery targets. Secrets are not part of it; they come from environment variables (see the README).
public struct ServerConfiguration: Sendable, Equatable {
    /// The platforms whose webhooks `baustein serve` answers.
    public enum Webhook: String, Sendable, CaseIterable, Hashable {
        case generic, mastodon, meta, telegram
    }

    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted, in bytes (413 above it).
    public var bodyLimit = 1 << 20
    /// Most messages the background matcher handles in one go. Shutdown waits for the batch in hand (about 2 s with the
    /// meaning channel on 2 cores, much less by words alone), never for the whole backlog.
    public var matchBatch = 64
    /// SHA-256 hashes (lowercase hex) of API tokens, per team member name.
    public var tokenHashes: [String: [String]] = [:]
    /// SHA-256 hashes of intake tokens (`intake_tokens:`), per label: they may only deliver messages to
    /// `/webhooks/generic`, never act on the queue.
    public var intakeTokenHashes: [String: [String]] = [:]
    public var webhooks: Set<Webhook> = []
    /// Delivery per channel; channels without an entry are left to `baustein outbox export`.
    public var delivery: [String: DeliveryTarget] = [:]
    /// Polling intake (`polling:`), for deployments without a public webhook endpoint.
    public var polling = Polling()

    /// Which platforms `baustein serve` (and `baustein poll`) asks for new messages.
    public struct Polling: Sendable, Equatable {
        /// The authority's Mastodon instance: mentions and direct messages of its account.
        public var mastodon: URL?
        public var mastodonInterval: TimeInterval = 60
        /// The Bot API for `getUpdates`.
        public var telegram: URL?
        /// How long one `getUpdates` waits for news (long polling).
        public var telegramWait: TimeInterval = 25

        public init() {}

        public var isEmpty: Bool { mastodon == nil && telegram == nil }
    }

    public init() {}

    /// The team member name whose token hashes to `hash`, if any.
    public func memberName(forTokenHash hash: String) -> String? {
        for (name, hashes) in tokenHashes where hashes.contains(where: { Hashing.equalInConstantTime($0, hash) }) { return name }
        return nil
    }

    /// The label of the intake token that hashes to `hash`, if any.
    public func intakeTokenName(forTokenHash hash: String) -> String? {
        for (name, hashes) in intakeTokenHashes where hashes.contains(where: { Hashing.equalInConstantTime($0, hash) }) { return name }
        return nil
    }
}
