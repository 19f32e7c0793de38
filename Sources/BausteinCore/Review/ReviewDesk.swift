import Foundation

/// What a person's review screens (`review`, `approvals`) need, and nothing else, for one person: written against
/// this, the same screens work on the server's own database (``LocalReviewDesk``) and as a client of `baustein serve`
/// over the token API (the client module's remote desk), with the same rules, claims and revisions.
public protocol ReviewDesk: Sendable {
    /// The clock that ages and handling times are measured with.
    var now: Date { get }
    /// Who acts, and the session's settings.
    var session: ReviewSession { get }

    /// The first item in `states` that nobody else holds, except `skipping`.
    func nextItem(states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry?
    func claim(_ id: Int64) throws
    func release(_ id: Int64) throws
    func detail(_ id: Int64) throws -> ItemDetail
    func entry(_ id: Int64) throws -> QueueEntry
    /// What confirming a suggestion would send, to whom; changes nothing.
    func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview
    /// One action (confirm, edit, …, undo) on an item.
    func act(_ request: ReviewRequest, on id: Int64, expectedRevision: Int?) throws -> ActionOutcome
    /// Adds time spent at the screen for the service report (capped at ``ReviewService/handlingCap``).
    func recordHandling(_ id: Int64, seconds: Double) throws
}

extension ReviewDesk {
    public var person: TeamMember { session.member }
}

/// ``ReviewDesk`` on this machine's database.
public struct LocalReviewDesk: ReviewDesk {
    public var workflow: Workflow
    public var session: ReviewSession

    public init(workflow: Workflow, person: TeamMember) {
        self.workflow = workflow
        self.session = workflow.review.session(for: person)
    }

    public var now: Date { workflow.clock.now() }

    public func nextItem(states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry? {
        // New messages may have arrived since the last item: give them their suggestions first.
        try workflow.intake.matchPending()
        return try workflow.queue.nextItem(for: person, states: states, skipping: skipping)
    }

    public func claim(_ id: Int64) throws { _ = try workflow.review.claim(id, by: person) }
    public func release(_ id: Int64) throws { try workflow.review.release(id, by: person) }
    public func detail(_ id: Int64) throws -> ItemDetail { try workflow.queue.item(id, for: person) }
    public func entry(_ id: Int64) throws -> QueueEntry { try workflow.queue.entry(id, for: person) }

    public func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview {
        try workflow.review.previewConfirmation(id, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
    }

    public func act(_ request: ReviewRequest, on id: Int64, expectedRevision: Int?) throws -> ActionOutcome {
        try workflow.review.act(request, on: id, by: person, expectedRevision: expectedRevision)
    }

    public func recordHandling(_ id: Int64, seconds: Double) throws {
        try workflow.review.recordHandling(id, seconds: seconds)
    }
}
