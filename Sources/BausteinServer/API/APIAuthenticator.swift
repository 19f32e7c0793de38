import BausteinCore
import Foundation
import Hummingbird
import HummingbirdAuth

/// Finds the team member behind `Authorization: Bearer <token>` before any API route runs: the token's SHA-256 must be
/// listed under `tokens:` in `baustein.yaml` for that member. Tokens themselves are never stored. Without a valid token
/// the request ends here with 401 and `WWW-Authenticate: Bearer`.
struct APIAuthenticator: AuthenticatorMiddleware {
    typealias Context = BausteinRequestContext

    static let tokenMissing = ServerError.unauthorized(
        "token_missing", "Anmeldung fehlt: Authorization: Bearer <Token> senden (baustein token new NAME).")
    static let tokenInvalid = ServerError.unauthorized(
        "token_invalid", "Token unbekannt; ein neues mit 'baustein token new NAME' erzeugen und in baustein.yaml eintragen.")

    let workflow: Workflow

    /// The member a token belongs to, or nil.
    func member(token: String) -> TeamMember? {
        let hash = Hashing.sha256Hex(of: token)
        guard let name = workflow.configuration.server.memberName(forTokenHash: hash) else { return nil }
        return try? workflow.person(named: name)
    }

    /// The member making the request, for the context's `identity`; 401 without a valid token.
    func authenticate(request: Request, context: BausteinRequestContext) async throws -> TeamMember? {
        guard let bearer = request.headers.bearer else { throw Self.tokenMissing }
        guard let member = member(token: bearer.token.trimmingCharacters(in: .whitespaces)) else { throw Self.tokenInvalid }
        return member
    }
}
