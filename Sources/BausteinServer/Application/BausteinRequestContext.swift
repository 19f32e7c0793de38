import BausteinCore
import Hummingbird
import HummingbirdAuth

/// What every request to `baustein serve` carries besides Hummingbird's own: the upload limit (`server.body_limit`) and,
/// on the API's routes, the team member its bearer token belongs to.
///
/// ```swift
/// let router = Router(context: BausteinRequestContext.self)
/// router.add(middleware: UploadLimitMiddleware(limit: configuration.bodyLimit))
/// router.group("api").add(middleware: APIAuthenticator(workflow: workflow))
/// ```
public struct BausteinRequestContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The member behind `Authorization: Bearer`, set by ``APIAuthenticator`` on the API's routes; nil elsewhere.
    public var identity: TeamMember?
    /// The most bytes a request body may have: `server.body_limit`, set by ``UploadLimitMiddleware``.
    public var maxUploadSize: Int

    public init(source: Source) {
        coreContext = .init(source: source)
        identity = nil
        maxUploadSize = ServerConfiguration().bodyLimit
    }

    /// The member making an API request; the authenticator has answered 401 before any API route runs without one.
    func member() throws -> TeamMember {
        guard let identity else { throw APIAuthenticator.tokenMissing }
        return identity
    }
}
