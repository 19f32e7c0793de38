import BausteinCore
import Foundation

/// Replies on Telegram with the Bot API's `sendMessage`, as a reply to the citizen's message (`reply_to` is
/// `chat_id/message_id`); 4,096 characters; a 429 waits `retry_after`. Telegram drops no repeats, so an attempt whose
/// outcome is unknown goes to staff instead of being posted again.
struct TelegramDelivery: ChannelDelivery {
    static let tokenVariable = "BAUSTEIN_TELEGRAM_BOT_TOKEN"
    static let limit = 4096

    let baseURL: URL
    let token: String

    var repeatable: Bool { false }

    /// The chat and the message to answer.
    static func target(_ reply: OutboxEntry) -> (chat: String, message: Int64?)? {
        guard let replyTo = reply.replyTo, !replyTo.isEmpty else { return nil }
        let parts = replyTo.split(separator: "/")
        return (String(parts[0]), parts.count > 1 ? Int64(parts[1]) : nil)
    }

    func plan(_ reply: OutboxEntry) -> DeliveryPlan {
        let target = Self.target(reply)
        return DeliveryPlan(
            itemID: reply.itemID, channel: reply.channel, platform: "telegram", endpoint: "POST \(baseURL.absoluteString)/bot…/sendMessage",
            target: target.map { "Chat \($0.chat)" + ($0.message.map { ", Antwort auf Nachricht \($0)" } ?? "") } ?? "-", text: reply.text,
            problem: target == nil ? "keine Chat-Id (reply_to)" : reply.text.count > Self.limit ? "länger als \(Self.limit) Zeichen" : nil)
    }

    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome {
        guard let target = Self.target(reply) else {
            return .failed(reason: "Telegram: die Anfrage hat keine Chat-Id (reply_to); bitte anders antworten.")
        }
        var body: [String: Any] = ["chat_id": Int64(target.chat).map { $0 as Any } ?? target.chat, "text": reply.text]
        if let message = target.message { body["reply_parameters"] = ["message_id": message, "allow_sending_without_reply": true] }
        let url = baseURL.appendingPathComponent("bot\(token)").appendingPathComponent("sendMessage")
        let (answer, problem, mayHaveArrived) = await PlatformHTTP.send(.POST, url, json: body, timeout: timeout)
        guard let answer else {
            let reason = "Telegram: \(problem ?? "Fehler")"
            return mayHaveArrived ? .unknown(reason: reason) : .retry(reason: reason, after: nil)
        }
        let json = answer.json
        if (200..<300).contains(answer.status), json["ok"] as? Bool == true {
            let result = json["result"] as? [String: Any]
            return .sent(postID: result?["message_id"].map { "\($0)" }, url: nil)
        }
        if let common = PlatformHTTP.common(answer, platform: "Telegram", tokenVariable: Self.tokenVariable, retryAfter: answer.retryAfterParameter) {
            return common
        }
        let description = (json["description"] as? String).map { String($0.prefix(120)) } ?? "HTTP \(answer.status)"
        switch answer.status {
        case 403:
            return .failed(reason: "Telegram: der Bot wurde blockiert oder aus dem Chat entfernt (\(description)); bitte anders antworten.")
        default:
            return .failed(reason: "Telegram lehnt die Antwort ab (\(description)).")
        }
    }
}
