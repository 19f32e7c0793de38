import Foundation
import BausteinCore

/// The JSON body of `POST /api/items/{id}/{action}`; which fields are required depends on the action.
struct ActionRequest: Decodable, Sendable {
    var text: String?
    var note: String?
    var reason: String?
    var snippet: String?
    var department: String?
    var values: [String: String]?
    /// The item revision the caller has seen; a changed item answers 409 instead of being overwritten.
    var revision: Int?

    /// A required text field; 400 naming the field when it is missing or blank.
    func required(_ value: String?, _ field: String) throws -> String {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ServerError.badRequest("Feld '\(field)' fehlt.", field: field)
        }
        return value
    }
}

extension Workflow {
    /// Runs one review action named in the URL for `person`.
    func perform(_ action: String, on id: Int64, _ request: ActionRequest, by person: TeamMember) throws -> ActionOutcome {
        let revision = request.revision
        switch action {
        case "confirm":
            return try confirm(id, snippetID: request.snippet, values: request.values ?? [:], by: person, expectedRevision: revision)
        case "edit":
            return try edit(
                id, text: request.required(request.text, "text"), snippetID: request.snippet, values: request.values ?? [:], by: person,
                expectedRevision: revision)
        case "escalate":
            return try escalate(id, note: request.required(request.note, "note"), by: person, expectedRevision: revision)
        case "forward":
            return try forward(
                id, to: request.required(request.department, "department"), note: request.required(request.note, "note"), by: person,
                expectedRevision: revision)
        case "draft":
            return try draft(id, text: request.required(request.text, "text"), by: person, expectedRevision: revision)
        case "dismiss":
            return try dismiss(id, reason: request.required(request.reason, "reason"), by: person, expectedRevision: revision)
        case "approve":
            return try approve(id, by: person, expectedRevision: revision)
        case "return":
            return try returnToStaff(id, note: request.required(request.note, "note"), by: person, expectedRevision: revision)
        case "rewrite":
            return try rewrite(id, text: request.required(request.text, "text"), by: person, expectedRevision: revision)
        default:
            throw ServerError.notFound
        }
    }
}
