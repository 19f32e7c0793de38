import BausteinCore
import Foundation

/// Replies on Facebook and Instagram through Meta's Graph API: a private message with the Send API (`/me/messages`,
/// `messaging_type` RESPONSE within 24 hours of the citizen's message, the HUMAN_AGENT tag up to seven days where the
/// app may use it), a public comment with the comment reply endpoints (Facebook `/{comment-id}/comments`, Instagram
/// `/{comment-id}/replies`). Outside the window the reply is not sent but handed back to staff: "nicht mehr zustellbar,
/// bitte anders antworten". Meta drops no repeats, so an attempt whose outcome is unknown goes to staff too.
struct MetaDelivery: ChannelDelivery {
    static let tokenVariable = "BAUSTEIN_META_PAGE_TOKEN"
    /// Meta's standard messaging window, and the HUMAN_AGENT tag's.
    static let window: TimeInterval = 24 * 3600
    static let humanAgentWindow: TimeInterval = 7 * 24 * 3600
    static let closed = "nicht mehr zustellbar, bitte anders antworten"

    let baseURL: URL
    let token: String
    let humanAgent: Bool
    let clock: WallClock

    var repeatable: Bool { false }

    enum Route {
        case message(recipient: String, tag: String?)
        case comment(id: String, path: String)
        case closed(String)
    }

    /// Which endpoint answers this reply, and whether the messaging window still allows it.
    func route(_ reply: OutboxEntry) -> Route {
        guard let target = reply.replyTo, !target.isEmpty else { return .closed("keine Empfänger-Id (reply_to)") }
        if reply.isPublic || reply.context["kind"] == "comment" {
            return .comment(id: target, path: reply.channel == "instagram" ? "replies" : "comments")
        }
        let age = reply.receivedAt.flatMap(Timestamp.parse).map { clock.now().timeIntervalSince($0) } ?? 0
        if age <= Self.window { return .message(recipient: target, tag: nil) }
        if humanAgent, age <= Self.humanAgentWindow { return .message(recipient: target, tag: "HUMAN_AGENT") }
        return .closed("die Nachricht ist älter als \(humanAgent ? "7 Tage" : "24 Stunden")")
    }

    func plan(_ reply: OutboxEntry) -> DeliveryPlan {
        var plan = DeliveryPlan(itemID: reply.itemID, channel: reply.channel, platform: "meta", endpoint: "", target: "", text: reply.text)
        switch route(reply) {
        case .message(let recipient, let tag):
            plan.endpoint = "POST \(baseURL.absoluteString)/me/messages"
            plan.target = "Empfänger \(recipient), \(tag.map { "Tag \($0)" } ?? "messaging_type RESPONSE")"
        case .comment(let id, let path):
            plan.endpoint = "POST \(baseURL.absoluteString)/\(id)/\(path)"
            plan.target = "Antwort auf Kommentar \(id)"
        case .closed(let why):
            plan.problem = "\(Self.closed) (\(why))"
        }
        return plan
    }

    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome {
        let headers = [("Authorization", "Bearer \(token)")]
        let sent: (answer: PlatformAnswer?, problem: String?, mayHaveArrived: Bool)
        switch route(reply) {
        case .closed(let why):
            return .failed(reason: "\(reply.channel == "instagram" ? "Instagram" : "Facebook"): \(Self.closed) (\(why)).")
        case .message(let recipient, let tag):
            var body: [String: Any] = ["recipient": ["id": recipient], "message": ["text": reply.text]]
            body["messaging_type"] = tag == nil ? "RESPONSE" : "MESSAGE_TAG"
            if let tag { body["tag"] = tag }
            sent = await PlatformHTTP.send(.POST, baseURL.appendingPathComponent("me/messages"), headers: headers, json: body, timeout: timeout)
        case .comment(let id, let path):
            let url = baseURL.appendingPathComponent(id).appendingPathComponent(path)
            sent = await PlatformHTTP.send(.POST, url, headers: headers, form: [("message", reply.text)], timeout: timeout)
        }
        guard let answer = sent.answer else {
            let reason = "Meta: \(sent.problem ?? "Fehler")"
            return sent.mayHaveArrived ? .unknown(reason: reason) : .retry(reason: reason, after: nil)
        }
        let json = answer.json
        if (200..<300).contains(answer.status) {
            return .sent(postID: (json["message_id"] ?? json["id"]).map { "\($0)" }, url: nil)
        }
        let error = json["error"] as? [String: Any]
        let code = (error?["code"] as? NSNumber)?.intValue
        let subcode = (error?["error_subcode"] as? NSNumber)?.intValue
        switch (code, subcode) {
        case (10, 2_018_278?), (10, 2_534_022?), (551, _):
            return .failed(reason: "Meta: \(Self.closed) (außerhalb des erlaubten Zeitfensters).")
        case (190, _):
            return .failed(
                reason: "Meta: Seiten-Token ungültig oder abgelaufen (Fehler 190); \(Self.tokenVariable) erneuern, dann 'baustein outbox retry ID'.")
        case (4?, _), (17?, _), (32?, _), (613?, _):
            return .retry(reason: "Meta: Anfragelimit erreicht (Fehler \(code!))", after: nil)
        case (100?, 33?):
            return .failed(reason: "Meta: der Kommentar oder die Nachricht existiert nicht mehr; bitte anders antworten.")
        default:
            if let common = PlatformHTTP.common(answer, platform: "Meta", tokenVariable: Self.tokenVariable) { return common }
            return .failed(reason: "Meta lehnt die Antwort ab (HTTP \(answer.status)\(code.map { ", Fehler \($0)" } ?? "")).")
        }
    }
}
