import BausteinCore
import Foundation

/// ``ReviewDesk`` over `baustein serve`'s token API: the person is the token's member, and the server applies the
/// rules, claims and revisions exactly as on its own machine.
public struct RemoteReviewDesk: ReviewDesk {
    public let client: APIClient
    public let session: ReviewSession

    /// Asks the server who the token belongs to.
    public init(client: APIClient) throws {
        self.client = client
        self.session = try client.session()
    }

    public var now: Date { Date() }

    public func nextItem(states: [ReviewState], skipping: Set<Int64>) throws -> QueueEntry? {
        try client.nextItem(states: states, skipping: skipping)
    }

    public func claim(_ id: Int64) throws { try client.claim(id) }
    public func release(_ id: Int64) throws { try client.release(id) }
    public func detail(_ id: Int64) throws -> ItemDetail { try client.item(id) }
    public func entry(_ id: Int64) throws -> QueueEntry { try client.item(id).entry }

    public func preview(_ id: Int64, snippetID: String, values: [String: String], despiteAbstention: Bool) throws -> ConfirmationPreview {
        try client.preview(id, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
    }

    public func act(_ request: ReviewRequest, on id: Int64, expectedRevision: Int?) throws -> ActionOutcome {
        try client.act(request, on: id, expectedRevision: expectedRevision)
    }

    public func recordHandling(_ id: Int64, seconds: Double) throws { try client.recordHandling(id, seconds: seconds) }
}
