import BausteinCore
import Foundation
import Hummingbird

/// The queue API for people and tools: every route needs a bearer token (``APIAuthenticator`` puts its member into the
/// context), and the core enforces the roles exactly as on the command line.
struct APIRoutes: Sendable {
    let workflow: Workflow
    let authenticator: APIAuthenticator
    let queue = BlockingQueue(label: "baustein.api")

    func register(on router: Router<BausteinRequestContext>) {
        let api = router.group("api").add(middleware: authenticator)
        api.get("queue") { request, context in try await self.queue(request, context) }
        api.get("items/:id") { request, context in try await self.item(request, context) }
        for action in ReviewRequest.requestable {
            api.post("items/:id/\(action.rawValue)") { request, context in try await self.act(action, request, context) }
        }
        api.get("outbox") { request, context in try await self.outbox(request, context) }
        registerSession(on: api)
    }

    func states(_ request: Request, default fallback: [ReviewState]) throws -> [ReviewState] {
        let names = request.uri.queryParameters.getAll("state")
        guard !names.isEmpty else { return fallback }
        return try names.flatMap { $0.split(separator: ",") }.map { name in
            guard let state = ReviewState(rawValue: String(name)) else {
                let known = ReviewState.allCases.map(\.rawValue).joined(separator: ", ")
                throw ServerError.badRequest("Unbekannter Zustand '\(name)'. Bekannt: \(known).", field: "state")
            }
            return state
        }
    }

    private func queue(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let states = try states(request, default: ReviewQueue.defaultStates(for: person.role))
        let workflow = self.workflow
        return try JSONResponse.make(try await queue.run { try workflow.queue.entries(states: states, for: person) })
    }

    func itemID(_ context: BausteinRequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw ServerError.badRequest("Die Eintragsnummer muss eine ganze Zahl sein.", field: "id")
        }
        return id
    }

    private func item(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        let workflow = self.workflow
        return try JSONResponse.make(try await queue.run { try workflow.queue.item(id, for: person) })
    }

    private func act(_ action: ReviewAction, _ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        let parsed = try await decodeBody(ActionRequest.self, request, context) ?? ActionRequest()
        let workflow = self.workflow
        let review = try parsed.request(for: action)
        let revision = parsed.revision
        let outcome = try await queue.run { try workflow.review.act(review, on: id, by: person, expectedRevision: revision) }
        context.logger.info(
            "review action", metadata: ["item.id": "\(id)", "review.action": "\(action.rawValue)", "review.person": "\(person.name)"])
        return try JSONResponse.make(outcome)
    }

    /// The request's JSON body (at most the upload limit) decoded, nil when there is none; 415 for any other content type.
    func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request, _ context: BausteinRequestContext) async throws -> T? {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        guard body.readableBytes > 0 else { return nil }
        guard WebhookRoutes.isJSON(request.headers[.contentType]) else { throw ServerError.unsupportedMediaType }
        return try PayloadDecoder.decode(T.self, from: Array(body.readableBytesView))
    }

    private func outbox(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let states = try states(request, default: [.approved, .queued, .failed])
        let workflow = self.workflow
        return try JSONResponse.make(try await queue.run { try workflow.outbox.entries(states: states, for: person) })
    }
}
