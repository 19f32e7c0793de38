import BausteinCore
import Foundation

/// Polls the bot's updates with `getUpdates` (long polling: the call waits up to `wait` seconds for news) from the stored
/// `offset`; text and captions of `message` and `channel_post` become messages keyed by `update_id`, as with the
/// webhook. The offset moves only with the stored messages, so Telegram keeps unconfirmed updates for the next poll.
struct TelegramPoller: Poller {
    let baseURL: URL
    let token: String
    /// How long one `getUpdates` may wait for news (0 for `baustein poll` from cron).
    let wait: Int
    let interval: Duration

    var name: String { "telegram" }

    struct Answer: Decodable {
        var ok: Bool
        var result: [TelegramAdapter.Update]?
        var description: String?
    }

    func pollOnce(_ workflow: Workflow) async throws(PollError) -> PollReport {
        let offset = ((try? workflow.intake.pollCursor(name)) ?? nil).flatMap(Int64.init)
        var components = URLComponents(
            url: baseURL.appendingPathComponent("bot\(token)").appendingPathComponent("getUpdates"), resolvingAgainstBaseURL: false)!
        components.queryItems = [
            URLQueryItem(name: "timeout", value: String(wait)), URLQueryItem(name: "allowed_updates", value: #"["message","channel_post"]"#),
        ]
        if let offset { components.queryItems!.append(URLQueryItem(name: "offset", value: String(offset))) }
        let (answer, problem, _) = await PlatformHTTP.send(.GET, components.url!, timeout: TimeInterval(wait) + 15)
        guard let answer else { throw PollError(source: name, reason: problem ?? "keine Antwort", retryAfter: nil) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let decoded = try? decoder.decode(Answer.self, from: Data(answer.body))
        switch answer.status {
        case 200..<300 where decoded?.ok == true: break
        case 401:
            throw PollError(source: name, reason: "Bot-Token ungültig (HTTP 401); \(TelegramDelivery.tokenVariable) prüfen", retryAfter: nil)
        case 409:
            throw PollError(
                source: name, reason: "für den Bot ist ein Webhook gesetzt (HTTP 409); ihn mit deleteWebhook entfernen oder webhooks.telegram nutzen",
                retryAfter: nil)
        case 429:
            throw PollError(source: name, reason: "zu viele Anfragen (HTTP 429)", retryAfter: answer.retryAfterParameter ?? 30)
        default:
            throw PollError(source: name, reason: "HTTP \(answer.status): \(decoded?.description?.prefix(120) ?? "unerwartete Antwort")", retryAfter: nil)
        }
        let updates = decoded?.result ?? []
        guard let last = updates.map(\.updateId).max() else { return PollReport(source: name, stored: 0, duplicates: 0, ignored: 0) }
        let messages = updates.sorted { $0.updateId < $1.updateId }.compactMap(TelegramAdapter.message(from:))
        do {
            let receipts = try workflow.intake.accept(messages, cursor: name, to: String(last + 1))
            let duplicates = receipts.filter(\.duplicate).count
            return PollReport(source: name, stored: receipts.count - duplicates, duplicates: duplicates, ignored: updates.count - messages.count)
        } catch {
            throw PollError(source: name, reason: "nicht gespeichert (\(error))", retryAfter: nil)
        }
    }
}
