import BausteinCore
import Foundation

/// What one attempt to post a reply came to.
enum DeliveryOutcome: Sendable, Equatable {
    /// Posted; the platform's id and link of the reply, when it tells them.
    case sent(postID: String?, url: String?)
    /// Not posted this time; try again after the backoff, or after `after` seconds when the platform says so
    /// (429 `retry_after`, a rate-limit reset).
    case retry(reason: String, after: TimeInterval?)
    /// Not posted, and trying again will not help (token revoked, message deleted, 24-hour window closed): staff must
    /// act. The reason is German and says what to do.
    case failed(reason: String)
    /// The request may have reached the platform, but no answer came (a timeout or a dropped connection after it was
    /// sent): a platform that drops repeats gets it again, any other is not posted twice but handed to staff.
    case unknown(reason: String)
}

/// Where and what an attempt would post, for `baustein deliver --dry-run` (never the token).
public struct DeliveryPlan: Sendable, Equatable, Codable {
    public var itemID: Int64
    public var channel: String
    public var platform: String
    /// The API call or address, e.g. `POST https://social.example/api/v1/statuses`.
    public var endpoint: String
    /// Whom it answers, e.g. `@erika@social.example, Antwort auf 113450…, sichtbar: direct`.
    public var target: String
    public var text: String
    /// Why it would not be posted (the 24-hour window closed, a missing address), if so.
    public var problem: String?

    enum CodingKeys: String, CodingKey {
        case itemID = "id", channel, platform, endpoint, target, text, problem
    }
}

/// One platform's way to post a reply to the citizen's message, threaded to it.
protocol ChannelDelivery: Sendable {
    /// Whether an attempt whose outcome is unknown (the server was killed mid-attempt) can be made again without ever
    /// posting twice: the platform drops the repeat (an idempotency key, a receiver that ignores repeated delivery ids).
    /// Otherwise such a reply is handed to staff to check instead.
    var repeatable: Bool { get }

    /// Posts the reply; never throws: every problem is an outcome.
    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome

    /// What ``deliver(_:attempt:timeout:)`` would do, without doing it.
    func plan(_ reply: OutboxEntry) -> DeliveryPlan
}
