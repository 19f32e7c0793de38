import Foundation

/// What the queue and an item's detail read: items with their message, their stored suggestions, counts per state,
/// and the current version of a snippet. Each function runs inside the caller's transaction.
extension Store {
    /// An item with its message as the queue and the detail view show it.
    struct QueueRow {
        var id: Int64
        var state: ReviewState
        var revision: Int
        var flags: String
        var abstained: Bool
        var matchedAt: String?
        var department: String?
        var note: String?
        var claimedBy: String?
        var claimExpiresAt: String?
        var replyText: String?
        var snippetId: String?
        var snippetVersion: Int?
        var preparedBy: String?
        var platformPostId: String?
        var platformPostUrl: String?
        var channel: String
        var author: String?
        var text: String
        var receivedAt: String
        var externalId: String?
        var isPublic: Bool
        var replyTo: String?

        init(_ row: SQLRow) throws {
            id = try row["id"]
            state = try row["state"]
            revision = try row["revision"]
            flags = try row["flags"]
            abstained = try row["abstained"]
            matchedAt = try row["matchedAt"]
            department = try row["department"]
            note = try row["note"]
            claimedBy = try row["claimedBy"]
            claimExpiresAt = try row["claimExpiresAt"]
            replyText = try row["replyText"]
            snippetId = try row["snippetId"]
            snippetVersion = try row["snippetVersion"]
            preparedBy = try row["preparedBy"]
            platformPostId = try row["platformPostId"]
            platformPostUrl = try row["platformPostUrl"]
            channel = try row["channel"]
            author = try row["author"]
            text = try row["text"]
            receivedAt = try row["receivedAt"]
            externalId = try row["externalId"]
            isPublic = try row["isPublic"]
            replyTo = try row["replyTo"]
        }
    }

    private static let queueSelection = """
        SELECT item.*, message.channel, message.author, message.text, message.receivedAt, message.externalId,
               message.isPublic, message.replyTo
        FROM item JOIN message ON message.id = item.id
        """

    /// Which departments' items a queue lists.
    enum DepartmentFilter {
        case any
        /// Only items forwarded to this department (none for a member without one).
        case only(String?)
    }

    /// Items in `states`, oldest first, at most `limit`.
    static func queueRows(_ db: any SQLSession, states: [ReviewState], departments: DepartmentFilter, limit: Int) throws -> [QueueRow] {
        var sql = queueSelection + " WHERE item.state IN (\(sqlPlaceholders(states.count)))"
        var arguments: [any SQLBindable] = states
        if case .only(let department) = departments {
            sql += " AND item.department = ?"
            arguments.append(department)
        }
        return try db.rows(sql + " ORDER BY item.id LIMIT ?", arguments + [limit]).map(QueueRow.init)
    }

    /// One item with its message, or nil when there is none with this id.
    static func queueRow(_ db: any SQLSession, id: Int64) throws -> QueueRow? {
        try db.row(queueSelection + " WHERE item.id = ?", [id]).map(QueueRow.init)
    }

    /// The suggestions stored for an item at intake, best first.
    static func suggestions(_ db: any SQLSession, itemID: Int64, limit: Int = 3) throws -> [StoredSuggestion] {
        try db.rows("SELECT * FROM suggestion WHERE itemId = ? ORDER BY rank LIMIT ?", [itemID, limit]).map { row in
            let reasons = (try? JSONDecoder().decode([MatchReason].self, from: Data((try row["reasons"] as String).utf8))) ?? []
            return StoredSuggestion(
                rank: try row["rank"], snippetID: try row["snippetId"], snippetVersion: try row["snippetVersion"], title: try row["title"],
                confidence: try row["confidence"], reasons: reasons)
        }
    }

    /// How many items are in each state (states this version does not know are left out).
    func stateCounts() throws -> [ReviewState: Int] {
        try read { db in
            var counts: [ReviewState: Int] = [:]
            for row in try db.rows("SELECT state, COUNT(*) AS n FROM item GROUP BY state", []) {
                if let state = ReviewState(rawValue: try row["state"]) { counts[state] = try row["n"] }
            }
            return counts
        }
    }

    /// The current version of an active snippet, or nil when it is retired or unknown.
    static func currentSnippet(_ db: any SQLSession, id: String) throws -> (snippet: Snippet, version: Int)? {
        guard let row = try db.row("SELECT document, version FROM snippet WHERE id = ? AND active = 1", [id]) else { return nil }
        return (try KnowledgeBase.decode(try row["document"]), try row["version"])
    }
}
