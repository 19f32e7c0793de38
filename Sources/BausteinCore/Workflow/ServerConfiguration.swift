import Foundation

/// What `baustein serve` reads from `baustein.yaml`: address, limits, API token hashes, enabled webhooks and
/// delivery targets. Secrets are not part of it; they come from environment variables (see the README).
public struct ServerConfiguration: Sendable, Equatable {
    /// Where one channel's approved replies are posted.
    public struct DeliveryTarget: Sendable, Equatable {
        public var url: URL
        /// Attempts before a reply is marked failed.
        public var tries = 5
        /// Wait before the second attempt; it doubles after every further failure.
        public var backoffSeconds: TimeInterval = 30
        /// How long one attempt may take.
        public var timeoutSeconds: TimeInterval = 10

        public init(url: URL, tries: Int = 5, backoffSeconds: TimeInterval = 30, timeoutSeconds: TimeInterval = 10) {
            self.url = url
            self.tries = tries
            self.backoffSeconds = backoffSeconds
            self.timeoutSeconds = timeoutSeconds
        }

        /// The wait after `attempts` failed attempts: backoff, 2×backoff, 4×backoff …, at most one hour.
        public func delay(afterAttempts attempts: Int) -> TimeInterval {
            min(backoffSeconds * pow(2, Double(max(0, attempts - 1))), 3600)
        }
    }

    /// The platforms whose webhooks `baustein serve` answers.
    public enum Webhook: String, Sendable, CaseIterable, Hashable {
        case generic, mastodon, meta, telegram
    }

    public var host = "127.0.0.1"
    public var port = 8080
    /// Largest request body accepted, in bytes (413 above it).
    public var bodyLimit = 1 << 20
    /// Most messages the background matcher handles in one go.
    public var matchBatch = 500
    /// SHA-256 hashes (lowercase hex) of API tokens, per team member name.
    public var tokenHashes: [String: [String]] = [:]
    /// SHA-256 hashes of intake tokens (`intake_tokens:`), per label: they may only deliver messages to
    /// `/webhooks/generic`, never act on the queue.
    public var intakeTokenHashes: [String: [String]] = [:]
    public var webhooks: Set<Webhook> = []
    /// Delivery per channel; channels without an entry are left to `baustein outbox export`.
    public var delivery: [String: DeliveryTarget] = [:]

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
