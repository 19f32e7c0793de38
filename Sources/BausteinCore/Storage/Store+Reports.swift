/// What the press office's reports read: snippet usage, the snippets' first sync, and the figures of the service
/// report. Each method reads one snapshot.
extension StoreReader {
    /// Usage of every active snippet, most chosen first.
    func snippetUsage() throws -> [SnippetUsage] {
        try read(Self.snippetUsage)
    }

    /// Usage and the active snippets (with the time their first version was synced), read together for the stale report.
    func staleReportInputs() throws -> (usage: [SnippetUsage], snippets: [(snippet: Snippet, since: String?)]) {
        try read { db in
            let rows = try db.rows(
                """
                SELECT s.id, s.document, (SELECT MIN(syncedAt) FROM snippet_version v WHERE v.snippetId = s.id) AS since
                FROM snippet s WHERE s.active = 1 ORDER BY s.id
                """, [])
            return (try Self.snippetUsage(db), try rows.map { (try KnowledgeBase.decode(try $0["document"]), try $0["since"]) })
        }
    }

    private static func snippetUsage(_ db: any SQLSession) throws -> [SnippetUsage] {
        try db.rows(
            """
            SELECT s.id, s.title,
                (SELECT COUNT(*) FROM suggestion WHERE suggestion.snippetId = s.id) AS suggested,
                (SELECT COUNT(*) FROM audit WHERE audit.snippetId = s.id AND audit.action IN ('confirm', 'edit')) AS chosen,
                (SELECT COUNT(*) FROM audit WHERE audit.snippetId = s.id AND audit.action = 'edit') AS edited,
                (SELECT MAX(at) FROM audit WHERE audit.snippetId = s.id AND audit.action IN ('confirm', 'edit')) AS lastChosen
            FROM snippet s WHERE s.active = 1 ORDER BY chosen DESC, suggested DESC, s.id
            """, []
        ).map { row in
            SnippetUsage(
                snippetID: try row["id"], title: try row["title"], suggested: try row["suggested"], chosen: try row["chosen"],
                edited: try row["edited"], lastChosen: try row["lastChosen"])
        }
    }

    /// An item received in the service report's period, with what the figures need.
    struct ServiceItem {
        var id: Int64
        var state: ReviewState
        var replyEdited: Bool
        var snippetId: String?
        var handlingSeconds: Double
        var channel: String
        var receivedAt: String

        init(_ row: SQLRow) throws {
            id = try row["id"]
            state = try row["state"]
            replyEdited = try row["replyEdited"]
            snippetId = try row["snippetId"]
            handlingSeconds = try row["handlingSeconds"]
            channel = try row["channel"]
            receivedAt = try row["receivedAt"]
        }
    }

    /// The items received since `since` (oldest first), their audit rows (by item, oldest first) and the titles of the
    /// snippets their replies used.
    func serviceInputs(since: String) throws -> (items: [ServiceItem], audit: [Int64: [AuditEntry]], titles: [String: String]) {
        try read { db in
            let items = try db.rows(
                """
                SELECT item.id, item.state, item.replyEdited, item.snippetId, item.handlingSeconds, message.channel, message.receivedAt
                FROM item JOIN message ON message.id = item.id WHERE message.receivedAt >= ? ORDER BY item.id
                """,
                [since]
            ).map(ServiceItem.init)
            let received = "SELECT item.id FROM item JOIN message ON message.id = item.id WHERE message.receivedAt >= ?"
            var audit: [Int64: [AuditEntry]] = [:]
            if !items.isEmpty {
                let entries = try db.rows("SELECT * FROM audit WHERE itemId IN (\(received)) ORDER BY seq", [since]).map(AuditEntry.init(row:))
                for entry in entries {
                    if let id = entry.itemID { audit[id, default: []].append(entry) }
                }
            }
            let titles = try db.rows(
                "SELECT id, title FROM snippet WHERE id IN (SELECT snippetId FROM item WHERE id IN (\(received)))", [since])
            return (items, audit, Dictionary(try titles.map { (try $0["id"] as String, try $0["title"] as String) }) { first, _ in first })
        }
    }
}
