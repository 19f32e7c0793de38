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
    /// `confirm` only: send although the matcher abstained for this item (a person checked the reply). JSON
    /// `despite_abstention`: ``PayloadDecoder`` converts from snake case.
    var despiteAbstention: Bool?
    /// `dismiss` only: why nothing is sent, as a ``DismissalKind`` (default `other`).
    var kind: DismissalKind?

    /// A required text field; 400 naming the field when it is missing or blank.
    func required(_ value: String?, _ field: String) throws -> String {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ServerError.badRequest("Feld '\(field)' fehlt.", field: field)
        }
        return value
    }

    /// The review request for the action named in the URL.
    func request(for action: ReviewAction) throws -> ReviewRequest {
        switch action {
        case .confirm: return .confirm(snippetID: snippet, values: values ?? [:], despiteAbstention: despiteAbstention ?? false)
        case .edit: return .edit(text: try required(text, "text"), snippetID: snippet, values: values ?? [:])
        case .escalate: return .escalate(note: try required(note, "note"))
        case .forward: return .forward(department: try required(department, "department"), note: try required(note, "note"))
        case .draft: return .draft(text: try required(text, "text"))
        case .dismiss: return .dismiss(reason: try required(reason, "reason"), kind: kind ?? .other)
        case .approve: return .approve
        case .returnToStaff: return .returnToStaff(note: try required(note, "note"))
        case .rewrite: return .rewrite(text: try required(text, "text"))
        case .undo: return .undo
        case .receive, .export, .markSent, .markFailed, .retry, .expire: throw ServerError.notFound
        }
    }
}
