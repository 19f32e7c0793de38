import Hummingbird

/// Puts `server.body_limit` into every request's context, where the routes and Hummingbird's decoding read it.
struct UploadLimitMiddleware: RouterMiddleware {
    let limit: Int

    func handle(
        _ request: Request, context: BausteinRequestContext, next: (Request, BausteinRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.maxUploadSize = limit
        return try await next(request, context)
    }
}
