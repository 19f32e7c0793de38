import BausteinCore
import Foundation

/// Polls the authority's Mastodon account for mentions and direct messages: `GET /api/v1/notifications?types[]=mention`
/// with a user token (`read:notifications`, no admin rights), from the stored `since_id` on, following the `Link`
/// header's `next` pages when more arrived than one page holds. Each mention becomes a message keyed like the admin
/// webhook's (`status.created:<id>`), so one account can use both without storing anything twice.
struct MastodonPoller: Poller {
    static let pageSize = 40

    let baseURL: URL
    let token: String
    let interval: Duration
    let timeout: TimeInterval

    var name: String { "mastodon" }

    struct Notification: Decodable {
        var id: String
        var type: String
        var status: MastodonAdapter.Status?
    }

    func pollOnce(_ workflow: Workflow) async throws(PollError) -> PollReport {
        let cursor = (try? workflow.intake.pollCursor(name)) ?? nil
        var components = URLComponents(url: baseURL.appendingPathComponent("api/v1/notifications"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "types[]", value: "mention"), URLQueryItem(name: "limit", value: String(Self.pageSize))]
        if let cursor { components.queryItems!.append(URLQueryItem(name: "since_id", value: cursor)) }
        var next: URL? = components.url
        var notifications: [Notification] = []
        var pages = 0
        while let url = next, pages < 50 {
            pages += 1
            let (answer, problem, _) = await PlatformHTTP.send(.GET, url, headers: [("Authorization", "Bearer \(token)")], timeout: timeout)
            guard let answer else { throw PollError(source: name, reason: problem ?? "keine Antwort", retryAfter: nil) }
            try check(answer)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            guard let page = try? decoder.decode([Notification].self, from: Data(answer.body)) else {
                throw PollError(source: name, reason: "unerwartete Antwort von \(baseURL.host ?? "der Instanz")", retryAfter: nil)
            }
            let fresh = page.filter { cursor == nil || Self.isNewer($0.id, than: cursor!) }
            notifications += fresh
            // The first run takes the newest page only; later runs page back until they reach the cursor.
            guard cursor != nil, fresh.count == page.count, page.count == Self.pageSize else { break }
            next = LinkHeader.url(answer.headers.first(name: "Link"), rel: "next")
        }
        let newest = notifications.map(\.id).max { Self.isNewer($1, than: $0) } ?? cursor
        let messages = notifications.sorted { Self.isNewer($1.id, than: $0.id) }.compactMap { notification in
            notification.status.flatMap { MastodonAdapter.message(from: $0, event: "status.created") }
        }
        guard let newest else { return PollReport(source: name, stored: 0, duplicates: 0, ignored: 0) }
        do {
            let receipts = try workflow.intake.accept(messages, cursor: name, to: newest)
            let duplicates = receipts.filter(\.duplicate).count
            return PollReport(source: name, stored: receipts.count - duplicates, duplicates: duplicates, ignored: notifications.count - messages.count)
        } catch {
            throw PollError(source: name, reason: "nicht gespeichert (\(error))", retryAfter: nil)
        }
    }

    private func check(_ answer: PlatformAnswer) throws(PollError) {
        switch answer.status {
        case 200..<300: return
        case 401:
            throw PollError(source: name, reason: "Zugangstoken ungültig (HTTP 401); \(MastodonDelivery.tokenVariable) mit read:notifications erneuern", retryAfter: nil)
        case 429:
            throw PollError(source: name, reason: "zu viele Anfragen (HTTP 429)", retryAfter: answer.rateLimitReset ?? 60)
        default:
            throw PollError(source: name, reason: "HTTP \(answer.status) von \(baseURL.host ?? "der Instanz")", retryAfter: nil)
        }
    }

    /// Mastodon ids are decimal numbers of growing length: longer is newer, then by digits.
    static func isNewer(_ id: String, than other: String) -> Bool {
        id.count != other.count ? id.count > other.count : id > other
    }
}

/// RFC 8288 `Link` headers as Mastodon sends them: `<https://…?max_id=7>; rel="next", <…>; rel="prev"`.
enum LinkHeader {
    static func url(_ header: String?, rel: String) -> URL? {
        guard let header else { return nil }
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = pieces.first, first.hasPrefix("<"), first.hasSuffix(">"),
                pieces.dropFirst().contains(where: { $0 == "rel=\"\(rel)\"" || $0 == "rel=\(rel)" })
            else { continue }
            return URL(string: String(first.dropFirst().dropLast()))
        }
        return nil
    }
}
