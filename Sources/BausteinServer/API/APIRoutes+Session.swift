import BausteinCore
import Foundation
import Hummingbird

/// The routes a review screen needs besides the actions, so that `baustein review` and `baustein approvals` work the
/// same on a staff member's own PC (client mode) as on the server: who am I, the next free item, claim and release,
/// what a confirmation would send, and the time spent at the screen. The core applies the same rules as locally.
extension APIRoutes {
    /// `POST /api/items/{id}/handling`: seconds at the screen for the service report.
    struct Handling: Decodable {
        var seconds: Double
    }

    /// `POST /api/items/{id}/claim`: the revision the claim was taken at.
    struct Claim: Encodable {
        var item: Int64
        var revision: Int
    }

    func registerSession(on api: RouterGroup<BausteinRequestContext>) {
        api.get("me") { request, context in try await self.me(request, context) }
        api.get("next") { request, context in try await self.next(request, context) }
        api.post("items/:id/claim") { request, context in try await self.claim(request, context) }
        api.post("items/:id/release") { request, context in try await self.release(request, context) }
        api.post("items/:id/preview") { request, context in try await self.preview(request, context) }
        api.post("items/:id/handling") { request, context in try await self.handling(request, context) }
    }

    private func me(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        return try JSONResponse.make(workflow.review.session(for: person))
    }

    /// The first item in the requested states (default: the person's) that nobody else holds; 204 when there is none.
    private func next(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let states = try states(request, default: ReviewQueue.defaultStates(for: person.role))
        var skipping: Set<Int64> = []
        for part in request.uri.queryParameters.getAll("skip").flatMap({ $0.split(separator: ",") }) {
            guard let id = Int64(part), id > 0 else {
                throw ServerError.badRequest("skip erwartet Eintragsnummern, durch Kommas getrennt.", field: "skip")
            }
            skipping.insert(id)
        }
        let workflow = self.workflow
        let skipped = skipping
        guard let entry = try await queue.run({ try workflow.queue.nextItem(for: person, states: states, skipping: skipped) }) else {
            return Response(status: .noContent)
        }
        return try JSONResponse.make(entry)
    }

    private func claim(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        let workflow = self.workflow
        let revision = try await queue.run { () throws -> Int in
            _ = try workflow.queue.entry(id, for: person)
            return try workflow.review.claim(id, by: person)
        }
        return try JSONResponse.make(Claim(item: id, revision: revision))
    }

    private func release(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        let workflow = self.workflow
        try await queue.run {
            _ = try workflow.queue.entry(id, for: person)
            try workflow.review.release(id, by: person)
        }
        return Response(status: .noContent)
    }

    private func preview(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        let parsed = try await decodeBody(ActionRequest.self, request, context) ?? ActionRequest()
        let workflow = self.workflow
        let preview = try await queue.run { () throws -> ConfirmationPreview in
            _ = try workflow.queue.entry(id, for: person)
            return try workflow.review.previewConfirmation(
                id, snippetID: parsed.snippet, values: parsed.values ?? [:], despiteAbstention: parsed.despiteAbstention ?? false)
        }
        return try JSONResponse.make(preview)
    }

    private func handling(_ request: Request, _ context: BausteinRequestContext) async throws -> Response {
        let person = try context.member()
        let id = try itemID(context)
        guard let parsed = try await decodeBody(Handling.self, request, context) else {
            throw ServerError.badRequest("Feld 'seconds' fehlt.", field: "seconds")
        }
        guard parsed.seconds.isFinite, parsed.seconds >= 0 else {
            throw ServerError.badRequest("'seconds' muss eine Zahl ab 0 sein.", field: "seconds")
        }
        let workflow = self.workflow
        try await queue.run {
            _ = try workflow.queue.entry(id, for: person)
            try workflow.review.recordHandling(id, seconds: parsed.seconds)
        }
        return Response(status: .noContent)
    }
}
