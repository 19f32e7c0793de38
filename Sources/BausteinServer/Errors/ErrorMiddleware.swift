import Hummingbird
import Logging

/// Turns every error thrown by a route into a ``ServerError`` JSON answer; unexpected errors are logged by type
/// only (their text may carry SQL or message content) and answered with a generic 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = ServerError.from(error)
            if answer.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error.type": "\(String(reflecting: type(of: error)))"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}
