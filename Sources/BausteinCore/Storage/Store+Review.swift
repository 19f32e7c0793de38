/// What review actions read and write besides the item itself: its stored suggestions, its reply address, the
/// snippet version a reply was built on, and claims. Each static function runs inside the caller's transaction.
extension Store {
    /// The suggestions staff saw for an item, best first: snippet, the model's confidence, and whether the matcher
    /// abstained on the item.
    static func shownSuggestions(_ db: any SQLSession, item id: Int64) throws -> [(snippetID: String, modelConfidence: Double?, abstained: Bool)] {
        try db.rows(
            """
            SELECT s.snippetId, s.modelConfidence, i.abstained FROM suggestion s JOIN item i ON i.id = s.itemId
            WHERE s.itemId = ? ORDER BY s.rank
            """, [id]
        ).map { (try $0["snippetId"], try $0["modelConfidence"], try $0["abstained"]) }
    }

    /// How likely the item's question was about the base when it was matched, and what the matcher ranked by then.
    static func matchedDomain(_ db: any SQLSession, item id: Int64) throws -> (domainConfidence: Double, ranking: String)? {
        guard let row = try db.row("SELECT domainConfidence, ranking FROM item WHERE id = ?", [id]),
            let confidence: Double = try row["domainConfidence"], let ranking: String = try row["ranking"]
        else { return nil }
        return (confidence, ranking)
    }

    /// The item's first candidate with the learned evidence and by the snippets' own text (``LearningCheck``), when
    /// its match knew both.
    static func firstPlaces(_ db: any SQLSession, item id: Int64) throws -> (learned: String, unlearned: String)? {
        guard let row = try db.row("SELECT firstLearned, firstUnlearned FROM item WHERE id = ?", [id]),
            let learned: String = try row["firstLearned"], let unlearned: String = try row["firstUnlearned"]
        else { return nil }
        return (learned, unlearned)
    }

    /// Whether the matcher abstained on the item (nil for an unknown item).
    static func abstained(_ db: any SQLSession, item id: Int64) throws -> Bool? {
        try db.value("SELECT abstained FROM item WHERE id = ?", [id])
    }

    /// The snippet suggested first for the item.
    static func topSuggestion(_ db: any SQLSession, item id: Int64) throws -> String? {
        try db.value("SELECT snippetId FROM suggestion WHERE itemId = ? AND rank = 1", [id])
    }

    /// Where the reply to the item's message goes.
    static func replyAddress(_ db: any SQLSession, item id: Int64) throws -> String? {
        try db.value("SELECT replyTo FROM message WHERE id = ?", [id])
    }

    /// One stored version of a snippet, current or retired.
    static func snippet(_ db: any SQLSession, id: String, version: Int) throws -> Snippet? {
        try db.value("SELECT document FROM snippet_version WHERE snippetId = ? AND version = ?", [id, version])
            .map(KnowledgeBase.decode)
    }

    /// Reserves the item for `holder` until `until`.
    static func claim(_ db: any SQLSession, item id: Int64, holder: String, until: String) throws {
        try db.execute("UPDATE item SET claimedBy = ?, claimExpiresAt = ? WHERE id = ?", [holder, until, id])
    }

    /// Gives up `holder`'s claim on the item; another person's claim stays.
    static func releaseClaim(_ db: any SQLSession, item id: Int64, holder: String) throws {
        try db.execute("UPDATE item SET claimedBy = NULL, claimExpiresAt = NULL WHERE id = ? AND claimedBy = ?", [id, holder])
    }

    /// Adds time a person spent on the item.
    static func addHandlingTime(_ db: any SQLSession, item id: Int64, seconds: Double) throws {
        try db.execute("UPDATE item SET handlingSeconds = handlingSeconds + ? WHERE id = ?", [seconds, id])
    }

    /// The active snippets whose document declares which escalation categories they answer, in id order.
    static func answeringSnippets(_ db: any SQLSession) throws -> [Snippet] {
        // Only documents that mention the field are decoded: a large base has few such snippets.
        try db.column("SELECT document FROM snippet WHERE active = 1 AND document LIKE '%\"answers\"%' ORDER BY id", as: String.self)
            .map(KnowledgeBase.decode)
    }

    /// How many items still wait for the matcher.
    func unmatchedCount() throws -> Int {
        try read { db in try db.value("SELECT COUNT(*) FROM item WHERE matchedAt IS NULL", as: Int.self) ?? 0 }
    }

    /// Whether the database answers a trivial query.
    func isReachable() -> Bool {
        if case .shared(let database) = engine { return database.isReachable() }
        return (try? read { db in try db.value("SELECT 1", as: Int.self) }) == 1
    }

    /// The stored message ids of a channel.
    func storedExternalIDs(channel: String) throws -> Set<String> {
        try read { db in
            Set(try db.column("SELECT externalId FROM message WHERE channel = ? AND externalId IS NOT NULL", [channel], as: String.self))
        }
    }
}
