import Foundation

/// Why the client could not do what was asked, in German for the person at the screen.
public enum ClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server address or token is unusable.
    case invalidLogin(String)
    /// The stored login file cannot be read or is not private.
    case loginFile(String)
    /// No answer from the server (down, wrong address, TLS).
    case unreachable(server: String, reason: String)
    /// The server does not accept the token (any more).
    case unauthorized(server: String)
    /// The server answered something this client does not understand (another version, a proxy's page).
    case unexpectedAnswer(server: String, detail: String)

    public var description: String {
        switch self {
        case .invalidLogin(let text), .loginFile(let text):
            return text
        case .unreachable(let server, let reason):
            return "Server \(server) nicht erreichbar (\(reason)). Adresse prüfen (baustein login --status) oder später erneut versuchen."
        case .unauthorized(let server):
            return "\(server) nimmt das Token nicht (mehr) an. Neues Token bei der Administration holen und: baustein login \(server)"
        case .unexpectedAnswer(let server, let detail):
            return "Unerwartete Antwort von \(server) (\(detail)); läuft dort dieselbe Baustein-Version?"
        }
    }
}

/// The server refused an action for a reason the person can act on (claimed by someone else, state changed, not
/// allowed for the role): its German message, as the server's core put it.
public struct ServerRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status (403, 404, 409, 422, …).
    public var status: Int
    /// The stable code (`claimed`, `changed_meanwhile`, `forbidden`, …).
    public var code: String
    public var message: String

    public var description: String { message }
}
