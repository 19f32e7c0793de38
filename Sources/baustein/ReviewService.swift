import BausteinCore
import Foundation

/// The operations the interactive screens (`review`, `approvals`) need, and nothing else: the loop is written
/// against this, so that the same screens can later work against `baustein serve` over the API as well as on the
/// local database (``LocalReviewService``).
protocol ReviewService {
    /// The clock that ages and handling times are measured with.
    var now: Date { get }
    /// Department ids that staff can forward to.
    var departments: [String] { get }
    /// Whether choosing a suggestion asks for a confirming key first (`review.confirm_send`).
    var confirmSend: Bool { get }

    /// The first item in `states` that nobody else holds, except `skipping`.
    func nextItem(for person: TeamMember, states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry?
    func claim(_ id: Int64, by person: TeamMember) throws
    func release(_ id: Int64, by person: TeamMember) throws
    func detail(_ id: Int64) throws -> ItemDetail
    func entry(_ id: Int64) throws -> QueueEntry
    /// What confirming a suggestion would send, to whom; changes nothing.
    func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview
    /// One action (confirm, edit, …, undo) on an item.
    func act(_ request: ReviewRequest, on id: Int64, by person: TeamMember, expectedRevision: Int?) throws -> ActionOutcome
    /// Adds time spent at the screen for the service report.
    func recordHandling(_ id: Int64, seconds: Double) throws
}

/// ``ReviewService`` on this machine's database.
struct LocalReviewService: ReviewService {
    var workflow: Workflow

    var now: Date { workflow.clock.now() }
    var departments: [String] { workflow.configuration.departments.keys.sorted() }
    var confirmSend: Bool { workflow.configuration.review.confirmSend }

    func nextItem(for person: TeamMember, states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry? {
        // New messages may have arrived since the last item: give them their suggestions first.
        try workflow.matchPending()
        return try workflow.nextItem(for: person, states: states, skipping: skipping)
    }

    func claim(_ id: Int64, by person: TeamMember) throws { _ = try workflow.claim(id, by: person) }
    func release(_ id: Int64, by person: TeamMember) throws { try workflow.release(id, by: person) }
    func detail(_ id: Int64) throws -> ItemDetail { try workflow.item(id) }
    func entry(_ id: Int64) throws -> QueueEntry { try workflow.entry(id) }

    func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview {
        try workflow.previewConfirmation(id, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
    }

    func act(_ request: ReviewRequest, on id: Int64, by person: TeamMember, expectedRevision: Int?) throws -> ActionOutcome {
        try workflow.act(request, on: id, by: person, expectedRevision: expectedRevision)
    }

    func recordHandling(_ id: Int64, seconds: Double) throws { try workflow.recordHandling(id, seconds: seconds) }
}
