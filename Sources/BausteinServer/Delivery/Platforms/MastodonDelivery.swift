import BausteinCore
import Foundation

/// Replies on Mastodon with `POST /api/v1/statuses` on the authority's instance: threaded (`in_reply_to_id`), mentioning
/// the citizen, with the visibility of their post (a direct message is answered directly), and an `Idempotency-Key` per
/// reply, so that a repeated attempt never posts twice.
struct MastodonDelivery: ChannelDelivery {
    static let tokenVariable = "BAUSTEIN_MASTODON_TOKEN"
    static let limit = 500

    let baseURL: URL
    let token: String

    var repeatable: Bool { true }

    var endpoint: URL { baseURL.appendingPathComponent("api/v1/statuses") }

    /// The status text: the citizen's handle first (Mastodon notifies them only when mentioned), then the reply.
    static func status(for reply: OutboxEntry) -> String {
        guard let handle = reply.author?.trimmingCharacters(in: .whitespaces), !handle.isEmpty else { return reply.text }
        let mention = handle.hasPrefix("@") ? handle : "@" + handle
        return reply.text.contains(mention) ? reply.text : mention + " " + reply.text
    }

    /// The visibility of the reply: the original's, `public` when unknown.
    static func visibility(for reply: OutboxEntry) -> String {
        let original = reply.context["visibility"] ?? (reply.isPublic ? "public" : "direct")
        return ["public", "unlisted", "private", "direct"].contains(original) ? original : "direct"
    }

    /// How Mastodon counts a status: a mention by its user name only (not the domain), every link as 23 characters.
    static func countedLength(_ text: String) -> Int {
        text.split(separator: " ", omittingEmptySubsequences: false).reduce(-1) { total, word in
            let length: Int
            if word.hasPrefix("http://") || word.hasPrefix("https://") {
                length = 23
            } else if word.hasPrefix("@"), let second = word.dropFirst().firstIndex(of: "@") {
                length = word.distance(from: word.startIndex, to: second)
            } else {
                length = word.count
            }
            return total + 1 + length
        }
    }

    func plan(_ reply: OutboxEntry) -> DeliveryPlan {
        let status = Self.status(for: reply)
        let length = Self.countedLength(status)
        return DeliveryPlan(
            itemID: reply.itemID, channel: reply.channel, platform: "mastodon", endpoint: "POST \(endpoint.absoluteString)",
            target: "\(reply.author ?? "?"), Antwort auf \(reply.replyTo ?? "-"), sichtbar: \(Self.visibility(for: reply))", text: status,
            problem: length > Self.limit ? "mit Erwähnung \(length) von \(Self.limit) Zeichen" : nil)
    }

    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome {
        let status = Self.status(for: reply)
        let length = Self.countedLength(status)
        guard length <= Self.limit else {
            return .failed(reason: "Mastodon: Antwort mit Erwähnung \(length) Zeichen, erlaubt sind \(Self.limit); kürzen (baustein rewrite) und erneut senden.")
        }
        var form = [("status", status), ("visibility", Self.visibility(for: reply))]
        if let inReplyTo = reply.replyTo, !inReplyTo.isEmpty { form.append(("in_reply_to_id", inReplyTo)) }
        let (answer, problem, _) = await PlatformHTTP.send(
            .POST, endpoint, headers: [("Authorization", "Bearer \(token)"), ("Idempotency-Key", "baustein-\(reply.itemID)")], form: form,
            timeout: timeout)
        guard let answer else { return .retry(reason: "Mastodon: \(problem ?? "Fehler")", after: nil) }
        if (200..<300).contains(answer.status) {
            let json = answer.json
            return .sent(postID: json["id"].map { "\($0)" }, url: json["url"] as? String ?? json["uri"] as? String)
        }
        if let common = PlatformHTTP.common(answer, platform: "Mastodon", tokenVariable: Self.tokenVariable, retryAfter: answer.rateLimitReset) {
            return common
        }
        switch answer.status {
        case 403:
            return .failed(reason: "Mastodon: keine Berechtigung (HTTP 403); das Token braucht den Bereich write:statuses.")
        case 404:
            return .failed(reason: "Mastodon: der Beitrag, auf den geantwortet wird, ist gelöscht (HTTP 404); bitte anders antworten.")
        default:
            let detail = (answer.json["error"] as? String).map { ": \($0.prefix(120))" } ?? ""
            return .failed(reason: "Mastodon lehnt die Antwort ab (HTTP \(answer.status))\(detail).")
        }
    }
}
