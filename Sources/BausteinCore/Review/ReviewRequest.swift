/// One review action with what it needs, as the command line, the review loops and the API ask for it: the single
/// place that turns a request into the matching ``Workflow`` operation.
public enum ReviewRequest: Sendable, Hashable {
    case confirm(snippetID: String?, values: [String: String], despiteAbstention: Bool)
    case edit(text: String, snippetID: String?, values: [String: String])
    case escalate(note: String)
    case forward(department: String, note: String)
    case draft(text: String)
    case dismiss(reason: String, kind: DismissalKind)
    case approve
    case returnToStaff(note: String)
    case rewrite(text: String)
    case undo
}

extension ReviewRequest {
    /// The actions people request (on the command line, in the review screens, over the API's
    /// `POST /api/items/{id}/{action}`); the others are intake's, delivery's and retention's.
    public static let requestable: [ReviewAction] = [
        .confirm, .edit, .escalate, .forward, .draft, .dismiss, .approve, .returnToStaff, .rewrite, .undo,
    ]

    /// The action this request takes; its raw value names the API route.
    public var action: ReviewAction {
        switch self {
        case .confirm: return .confirm
        case .edit: return .edit
        case .escalate: return .escalate
        case .forward: return .forward
        case .draft: return .draft
        case .dismiss: return .dismiss
        case .approve: return .approve
        case .returnToStaff: return .returnToStaff
        case .rewrite: return .rewrite
        case .undo: return .undo
        }
    }
}

extension ReviewService {
    /// Runs one review request for `person` on an item.
    @discardableResult
    public func act(_ request: ReviewRequest, on id: Int64, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        switch request {
        case .confirm(let snippetID, let values, let despiteAbstention):
            return try confirm(
                id, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention, by: person, expectedRevision: expectedRevision)
        case .edit(let text, let snippetID, let values):
            return try edit(id, text: text, snippetID: snippetID, values: values, by: person, expectedRevision: expectedRevision)
        case .escalate(let note):
            return try escalate(id, note: note, by: person, expectedRevision: expectedRevision)
        case .forward(let department, let note):
            return try forward(id, to: department, note: note, by: person, expectedRevision: expectedRevision)
        case .draft(let text):
            return try draft(id, text: text, by: person, expectedRevision: expectedRevision)
        case .dismiss(let reason, let kind):
            return try dismiss(id, reason: reason, kind: kind, by: person, expectedRevision: expectedRevision)
        case .approve:
            return try approve(id, by: person, expectedRevision: expectedRevision)
        case .returnToStaff(let note):
            return try returnToStaff(id, note: note, by: person, expectedRevision: expectedRevision)
        case .rewrite(let text):
            return try rewrite(id, text: text, by: person, expectedRevision: expectedRevision)
        case .undo:
            return try undo(id, by: person, expectedRevision: expectedRevision)
        }
    }
}
