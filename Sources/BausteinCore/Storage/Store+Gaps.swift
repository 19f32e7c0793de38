import GRDB

/// What the gap report reads: the messages of a period with what makes them a gap, and the snippet suggested most
/// often for a group of them. Each function runs inside the caller's transaction.
extension Store {
    /// A message received in the report's period, not purged, with its item's outcome.
    struct GapCandidate: Decodable, FetchableRecord {
        var id: Int64
        var abstained: Bool
        var matchedAt: String?
        var dismissal: DismissalKind?
        var editRatio: Double?
        var state: ReviewState
        var flags: String
        var text: String
        /// Whether staff escalated it at some point.
        var escalated: Bool
    }

    /// The messages received since `since` whose text is still stored, oldest first.
    static func gapCandidates(_ db: Database, since: String) throws -> [GapCandidate] {
        try GapCandidate.fetchAll(
            db,
            sql: """
                SELECT item.id, item.abstained, item.matchedAt, item.dismissal, item.editRatio, item.state, item.flags, message.text,
                       EXISTS (SELECT 1 FROM audit WHERE audit.itemId = item.id AND audit.action = 'escalate') AS escalated
                FROM item JOIN message ON message.id = item.id
                WHERE message.receivedAt >= ? AND message.purgedAt IS NULL ORDER BY item.id
                """,
            arguments: [since])
    }

    /// The snippet most often suggested first for these items, and its best confidence; nil when none was suggested.
    static func closestSnippet(_ db: Database, items ids: [Int64]) throws -> (snippetID: String, confidence: Double)? {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT snippetId, COUNT(*) AS n, MAX(confidence) AS best FROM suggestion
                WHERE rank = 1 AND itemId IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                GROUP BY snippetId ORDER BY n DESC, best DESC LIMIT 1
                """,
            arguments: StatementArguments(ids))
        return row.map { ($0["snippetId"], $0["best"]) }
    }
}
