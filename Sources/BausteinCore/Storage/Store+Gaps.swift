/// What the gap report reads: the messages of a period with what makes them a gap, and the snippet suggested most
/// often for a group of them. Each function runs inside the caller's transaction.
extension Store {
    /// A message received in the report's period, not purged, with its item's outcome.
    struct GapCandidate {
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

        init(_ row: SQLRow) throws {
            id = try row["id"]
            abstained = try row["abstained"]
            matchedAt = try row["matchedAt"]
            dismissal = try row["dismissal"]
            editRatio = try row["editRatio"]
            state = try row["state"]
            flags = try row["flags"]
            text = try row["text"]
            escalated = try row["escalated"]
        }
    }

    /// The messages received since `since` whose text is still stored, oldest first.
    static func gapCandidates(_ db: any SQLSession, since: String) throws -> [GapCandidate] {
        try db.rows(
            """
            SELECT item.id, item.abstained, item.matchedAt, item.dismissal, item.editRatio, item.state, item.flags, message.text,
                   EXISTS (SELECT 1 FROM audit WHERE audit.itemId = item.id AND audit.action = 'escalate') AS escalated
            FROM item JOIN message ON message.id = item.id
            WHERE message.receivedAt >= ? AND message.purgedAt IS NULL ORDER BY item.id
            """,
            [since]
        ).map(GapCandidate.init)
    }

    /// The snippet most often suggested first for these items, and its best confidence; nil when none was suggested.
    static func closestSnippet(_ db: any SQLSession, items ids: [Int64]) throws -> (snippetID: String, confidence: Double)? {
        let row = try db.row(
            """
            SELECT snippetId, COUNT(*) AS n, MAX(confidence) AS best FROM suggestion
            WHERE rank = 1 AND itemId IN (\(sqlPlaceholders(ids.count)))
            GROUP BY snippetId ORDER BY n DESC, best DESC LIMIT 1
            """,
            ids)
        return try row.map { (try $0["snippetId"], try $0["best"]) }
    }
}
