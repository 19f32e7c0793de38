import BausteinCore
import Foundation

/// The token API's review routes, typed: one method per route of `openapi.yaml`'s `api` section that people use.
extension APIClient {
    /// Who the token belongs to, and the session's settings (`GET /api/me`).
    public func session() throws -> ReviewSession {
        try required(get("api/me", as: ReviewSession.self), "api/me")
    }

    /// Queue entries in `states` as the token's member may see them (`GET /api/queue`).
    public func queue(states: [ReviewState]) throws -> [QueueEntry] {
        try required(get("api/queue", query: Self.stateQuery(states), as: [QueueEntry].self), "api/queue")
    }

    /// The first free item in `states`, except `skipping`; nil when there is none (`GET /api/next`).
    public func nextItem(states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry? {
        var query = Self.stateQuery(states)
        if !skipping.isEmpty { query.append(URLQueryItem(name: "skip", value: skipping.sorted().map(String.init).joined(separator: ","))) }
        return try get("api/next", query: query, as: QueueEntry.self)
    }

    /// One item with suggestions, reply and history (`GET /api/items/{id}`).
    public func item(_ id: Int64) throws -> ItemDetail {
        try required(get("api/items/\(id)", as: ItemDetail.self), "api/items")
    }

    public func claim(_ id: Int64) throws {
        _ = try post("api/items/\(id)/claim", body: ActionBody(), as: Ignored.self)
    }

    public func release(_ id: Int64) throws {
        _ = try post("api/items/\(id)/release", body: ActionBody(), as: Ignored.self)
    }

    public func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview {
        let body = ActionBody(snippet: snippetID, values: values, despiteAbstention: despiteAbstention)
        return try required(post("api/items/\(id)/preview", body: body, as: ConfirmationPreview.self), "preview")
    }

    /// One review action (`POST /api/items/{id}/{action}`), only if the item is still at `expectedRevision` when given.
    public func act(_ request: ReviewRequest, on id: Int64, expectedRevision: Int?) throws -> ActionOutcome {
        var body = ActionBody.of(request)
        body.revision = expectedRevision
        let route = request.action.rawValue
        return try required(post("api/items/\(id)/\(route)", body: body, as: ActionOutcome.self), route)
    }

    public func recordHandling(_ id: Int64, seconds: Double) throws {
        struct Handling: Encodable { var seconds: Double }
        _ = try post("api/items/\(id)/handling", body: Handling(seconds: seconds), as: Ignored.self)
    }

    private func required<T>(_ value: T?, _ route: String) throws -> T {
        guard let value else { throw ClientError.unexpectedAnswer(server: serverName, detail: "\(route) ohne Inhalt") }
        return value
    }

    private static func stateQuery(_ states: [ReviewState]) -> [URLQueryItem] {
        states.isEmpty ? [] : [URLQueryItem(name: "state", value: states.map(\.rawValue).joined(separator: ","))]
    }

    /// Any JSON answer whose content does not matter.
    struct Ignored: Decodable {}
}

/// The JSON body of `POST /api/items/{id}/{action}` (the server's `ActionRequest`).
struct ActionBody: Encodable {
    var text: String?
    var note: String?
    var reason: String?
    var kind: DismissalKind?
    var snippet: String?
    var department: String?
    var values: [String: String]?
    var revision: Int?
    var despiteAbstention: Bool?

    enum CodingKeys: String, CodingKey {
        case text, note, reason, kind, snippet, department, values, revision
        case despiteAbstention = "despite_abstention"
    }

    /// The body for a review request (its route is ``ReviewRequest/action``).
    static func of(_ request: ReviewRequest) -> ActionBody {
        switch request {
        case .confirm(let snippetID, let values, let despiteAbstention):
            return ActionBody(snippet: snippetID, values: values, despiteAbstention: despiteAbstention)
        case .edit(let text, let snippetID, let values):
            return ActionBody(text: text, snippet: snippetID, values: values)
        case .escalate(let note):
            return ActionBody(note: note)
        case .forward(let department, let note):
            return ActionBody(note: note, department: department)
        case .draft(let text):
            return ActionBody(text: text)
        case .dismiss(let reason, let kind):
            return ActionBody(reason: reason, kind: kind)
        case .approve:
            return ActionBody()
        case .returnToStaff(let note):
            return ActionBody(note: note)
        case .rewrite(let text):
            return ActionBody(text: text)
        case .undo:
            return ActionBody()
        }
    }
}
