import GRDB

/// What review actions read and write besides the item itself: its stored suggestions, its reply address, the
/// snippet version a reply was built on, and claims. Each static function runs inside the caller's transaction.
extension Store {
    /// The suggestions staff saw for an item, best first: snippet, the model's confidence, and whether the matcher
    /// abstained on the item.
    static func shownSuggestions(_ db: Database, item id: Int64) throws -> [(snippetID: String, modelConfidence: Double?, abstained: Bool)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT s.snippetId, s.modelConfidence, i.abstained FROM suggestion s JOIN item i ON i.id = s.itemId
                WHERE s.itemId = ? ORDER BY s.rank
                """, arguments: [id]
        ).map { ($0["snippetId"], $0["modelConfidence"], $0["abstained"]) }
    }

    /// Whether the matcher abstained on the item (nil for an unknown item).
    static func abstained(_ db: Database, item id: Int64) throws -> Bool? {
        try Bool.fetchOne(db, sql: "SELECT abstained FROM item WHERE id = ?", arguments: [id])
    }

    /// The snippet suggested first for the item.
    static func topSuggestion(_ db: Database, item id: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT snippetId FROM suggestion WHERE itemId = ? AND rank = 1", arguments: [id])
    }

    /// Where the reply to the item's message goes.
    static func replyAddress(_ db: Database, item id: Int64) throws -> String? {
        try String.fetchOne(db, sql: "SELECT replyTo FROM message WHERE id = ?", arguments: [id])
    }

    /// One stored version of a snippet, current or retired.
    static func snippet(_ db: Database, id: String, version: Int) throws -> Snippet? {
        try String.fetchOne(db, sql: "SELECT document FROM snippet_version WHERE snippetId = ? AND version = ?", arguments: [id, version])
            .map(KnowledgeBase.decode)
    }

    /// Reserves the item for `holder` until `until`.
    static func claim(_ db: Database, item id: Int64, holder: String, until: String) throws {
        try db.execute(sql: "UPDATE item SET claimedBy = ?, claimExpiresAt = ? WHERE id = ?", arguments: [holder, until, id])
    }

    /// Gives up `holder`'s claim on the item; another person's claim stays.
    static func releaseClaim(_ db: Database, item id: Int64, holder: String) throws {
        try db.execute(sql: "UPDATE item SET claimedBy = NULL, claimExpiresAt = NULL WHERE id = ? AND claimedBy = ?", arguments: [id, holder])
    }

    /// Adds time a person spent on the item.
    static func addHandlingTime(_ db: Database, item id: Int64, seconds: Double) throws {
        try db.execute(sql: "UPDATE item SET handlingSeconds = handlingSeconds + ? WHERE id = ?", arguments: [seconds, id])
    }

    /// The active snippets whose document declares which escalation categories they answer, in id order.
    static func answeringSnippets(_ db: Database) throws -> [Snippet] {
        // Only documents that mention the field are decoded: a large base has few such snippets.
        try String.fetchAll(db, sql: "SELECT document FROM snippet WHERE active = 1 AND document LIKE '%\"answers\"%' ORDER BY id")
            .map(KnowledgeBase.decode)
    }

    /// How many items still wait for the matcher.
    func unmatchedCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item WHERE matchedAt IS NULL") ?? 0 }
    }

    /// Whether the database answers a trivial query.
    func isReachable() -> Bool {
        (try? read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    /// The stored message ids of a channel.
    func storedExternalIDs(channel: String) throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT externalId FROM message WHERE channel = ? AND externalId IS NOT NULL", arguments: [channel]))
        }
    }
}
