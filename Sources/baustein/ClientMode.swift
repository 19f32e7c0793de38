import BausteinClient
import BausteinCore
import Foundation

extension UserError: Refusal {}
extension ServerRefusal: Refusal {}

extension WorkflowOptions {
    /// The server this command talks to in client mode (after `baustein login`, or with `BAUSTEIN_SERVER`); nil when it
    /// works on this machine's database. An explicit `--database` or `--config` always means this machine.
    func remote() throws -> APIClient? {
        guard database.database == nil, config == nil, let login = try LoginStore().current() else { return nil }
        if let actor {
            throw UserError(
                "Angemeldet bei \(login.server.absoluteString): es handelt, wem das Token gehört; --as \(actor) gilt dort nicht. "
                    + "Für eine andere Person: baustein login mit deren Token (oder baustein logout für diesen Rechner).")
        }
        return APIClient(login: login)
    }

    /// The review desk for this command: the server's (client mode) or this machine's database as the acting person.
    func desk() throws -> any ReviewDesk {
        if let client = try remote() { return try RemoteReviewDesk(client: client) }
        let workflow = try openWorkflow()
        return LocalReviewDesk(workflow: workflow, person: try person(in: workflow))
    }
}
