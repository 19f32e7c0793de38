import Hummingbird

/// Every refusal the server answers with: an HTTP status and a JSON body `{"error": {code, message, field?}}`.
///
/// The message is German and tells the caller what to fix; it never contains stack traces, SQL or message text.
public struct ServerError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable English code for programs (`signature_invalid`, `invalid_field`, …).
    public var code: String
    public var message: String
    /// The request field at fault, for 400 answers.
    public var field: String?
    var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { "\(status.code) \(code)" }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try JSONResponse.make(Body(error: .init(code: code, message: message, field: field)), status: status, headers: headers)
    }

    static func unauthorized(_ code: String, _ message: String) -> ServerError {
        var error = ServerError(.unauthorized, code: code, message: message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    static func badRequest(_ message: String, field: String?, code: String = "invalid_field") -> ServerError {
        ServerError(.badRequest, code: code, message: message, field: field)
    }

    static func tooLarge(limit: Int) -> ServerError {
        ServerError(
            .contentTooLarge, code: "body_too_large",
            message: "Anfrage zu groß: höchstens \(limit) Bytes (server.body_limit in baustein.yaml).")
    }

    static let unsupportedMediaType = ServerError(
        .unsupportedMediaType, code: "unsupported_media_type", message: "Nur JSON wird angenommen (Content-Type: application/json).")

    static let notFound = ServerError(.notFound, code: "not_found", message: "Diese Adresse gibt es nicht; siehe openapi.yaml.")

    static let internalError = ServerError(
        .internalServerError, code: "internal", message: "Interner Fehler; nichts wurde bestätigt. Bitte später erneut senden.")

    static func notConfigured(_ webhook: String, variable: String) -> ServerError {
        ServerError(
            .serviceUnavailable, code: "webhook_not_configured",
            message: "Webhook '\(webhook)' ist nicht eingerichtet (webhooks.\(webhook) in baustein.yaml und \(variable) setzen).")
    }
}
