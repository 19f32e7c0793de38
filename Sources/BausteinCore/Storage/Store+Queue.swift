import Foundation
import GRDB

/// What the queue and an item's detail read: items with their message, their stored suggestions, counts per state,
/// and the current version of a snippet. Each function runs inside the caller's transaction.
extension Store {
    /// An item with its message as the queue and the detail view show it.
    struct QueueRow: Decodable, FetchableRecord {
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
    static func queueRows(_ db: Database, states: [ReviewState], departments: DepartmentFilter, limit: Int) throws -> [QueueRow] {
        var sql = queueSelection + " WHERE item.state IN (\(states.map { _ in "?" }.joined(separator: ",")))"
        var arguments = StatementArguments(states.map(\.rawValue))
        if case .only(let department) = departments {
            sql += " AND item.department = ?"
            arguments += [department]
        }
        return try QueueRow.fetchAll(db, sql: sql + " ORDER BY item.id LIMIT ?", arguments: arguments + [limit])
    }

    /// One item with its message, or nil when there is none with this id.
    static func queueRow(_ db: Database, id: Int64) throws -> QueueRow? {
        try QueueRow.fetchOne(db.cachedStatement(sql: queueSelection + " WHERE item.id = ?"), arguments: [id])
    }

    /// The suggestions stored for an item at intake, best first.
    static func suggestions(_ db: Database, itemID: Int64, limit: Int = 3) throws -> [StoredSuggestion] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM suggestion WHERE itemId = ? ORDER BY rank LIMIT ?"), arguments: [itemID, limit]).map {
            row in
            let reasons = (try? JSONDecoder().decode([MatchReason].self, from: Data((row["reasons"] as String).utf8))) ?? []
            return StoredSuggestion(
                rank: row["rank"], snippetID: row["snippetId"], snippetVersion: row["snippetVersion"], title: row["title"],
                confidence: row["confidence"], reasons: reasons)
        }
    }

    /// How many items are in each state (states this version does not know are left out).
    func stateCounts() throws -> [ReviewState: Int] {
        try read { db in
            var counts: [ReviewState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM item GROUP BY state") {
                if let state = ReviewState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    /// The current version of an active snippet, or nil when it is retired or unknown.
    static func currentSnippet(_ db: Database, id: String) throws -> (snippet: Snippet, version: Int)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT document, version FROM snippet WHERE id = ? AND active = 1", arguments: [id])
        else { return nil }
        return (try KnowledgeBase.decode(row["document"]), row["version"])
    }
}
