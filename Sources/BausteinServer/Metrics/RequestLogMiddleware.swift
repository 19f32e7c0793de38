import Foundation
import Hummingbird
import Logging

/// Logs every request with its id, route, status and duration, and counts it in ``ServerMetrics``.
///
/// The route is the matched pattern (`/api/items/{id}`), so that neither ids nor query strings reach labels.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        metrics.increment(.requests, ["route": route, "method": method, "status": "\(response.status.code)"])
        metrics.observe(.requestSeconds, ["route": route, "method": method], seconds: seconds)
        context.logger.debug(
            "request",
            metadata: [
                "http.method": "\(method)", "http.route": "\(route)", "http.status": "\(response.status.code)",
                "http.duration_ms": "\(String(format: "%.2f", seconds * 1000))",
            ])
        return response
    }
}
