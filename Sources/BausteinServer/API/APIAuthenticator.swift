import Foundation
import BausteinCore
import Hummingbird

/// Finds the team member behind `Authorization: Bearer <token>`: the token's SHA-256 must be listed under
/// `tokens:` in `baustein.yaml` for that member. Tokens themselves are never stored.
struct APIAuthenticator: Sendable {
    let workflow: Workflow

    /// The member a token belongs to, or nil.
    func member(token: String) -> TeamMember? {
        let hash = Hashing.sha256Hex(of: token)
        guard let name = workflow.configuration.server.memberName(forTokenHash: hash) else { return nil }
        return try? workflow.person(named: name)
    }

    /// The member making the request; 401 without a valid token.
    func member(of request: Request) throws -> TeamMember {
        guard let authorization = request.headers[.authorization], authorization.hasPrefix("Bearer ") else {
            throw ServerError.unauthorized("token_missing", "Anmeldung fehlt: Authorization: Bearer <Token> senden (baustein token new NAME).")
        }
        guard let member = member(token: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)) else {
            throw ServerError.unauthorized("token_invalid", "Token unbekannt; ein neues mit 'baustein token new NAME' erzeugen und in baustein.yaml eintragen.")
        }
        return member
    }
}
