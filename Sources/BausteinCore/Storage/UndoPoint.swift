import Foundation

/// What an item looked like before the last action on it, so that the action can be taken back
/// (``ReviewService/undo(_:by:expectedRevision:)``) while its reply has not gone to delivery. One row per item: the next action replaces
/// it, an action that cannot be undone (export, delivery) removes it.
struct UndoPoint: Codable {
    /// The item's fields an action may change.
    struct Snapshot: Codable, Equatable {
        var department: String?
        var note: String?
        var snippetID: String?
        var snippetVersion: Int?
        var replyText: String?
        var replyEdited: Bool
        var preparedBy: String?
        var dismissal: DismissalKind?
        var editRatio: Double?

        init(_ item: ItemRecord) {
            department = item.department
            note = item.note
            snippetID = item.snippetID
            snippetVersion = item.snippetVersion
            replyText = item.replyText
            replyEdited = item.replyEdited
            preparedBy = item.preparedBy
            dismissal = item.dismissal
            editRatio = item.editRatio
        }

        func restore(into item: inout ItemRecord) {
            item.department = department
            item.note = note
            item.snippetID = snippetID
            item.snippetVersion = snippetVersion
            item.replyText = replyText
            item.replyEdited = replyEdited
            item.preparedBy = preparedBy
            item.dismissal = dismissal
            item.editRatio = editRatio
        }
    }

    /// The highest row ids of what confirmations teach, before an action: rows above them were taught by it.
    struct Watermarks: Codable {
        var phrasing: Int64
        var confidence: Int64
        var ranking: Int64

        static func read(_ db: any SQLSession) throws -> Watermarks {
            let row = try db.row(
                """
                SELECT (SELECT COALESCE(MAX(id), 0) FROM learned_phrasing), (SELECT COALESCE(MAX(id), 0) FROM confidence_outcome),
                       (SELECT COALESCE(MAX(id), 0) FROM ranking_outcome)
                """)
            return Watermarks(phrasing: try row?[0] ?? 0, confidence: try row?[1] ?? 0, ranking: try row?[2] ?? 0)
        }
    }

    var itemID: Int64
    var action: ReviewAction
    var actor: String
    /// The item's revision right after the action: any later change makes the point stale.
    var revision: Int
    var from: ReviewState
    var to: ReviewState
    var snapshot: Snapshot
    var before: Watermarks
    var after: Watermarks

    func save(_ db: any SQLSession, at now: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            """
            INSERT INTO undo_point (itemId, action, actor, revision, fromState, toState, snapshot, taught, createdAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (itemId) DO UPDATE SET action = excluded.action, actor = excluded.actor, revision = excluded.revision,
                fromState = excluded.fromState, toState = excluded.toState, snapshot = excluded.snapshot, taught = excluded.taught,
                createdAt = excluded.createdAt
            """,
            [
                itemID, action.rawValue, actor, revision, from.rawValue, to.rawValue,
                String(decoding: try encoder.encode(snapshot), as: UTF8.self),
                String(decoding: try encoder.encode([before, after]), as: UTF8.self), now,
            ])
    }

    /// The item's undo point, or nil when it has none.
    ///
    /// - Throws: a decoding error for an action or state this version does not know (a database of a newer Baustein).
    static func fetch(_ db: any SQLSession, itemID: Int64) throws -> UndoPoint? {
        guard let row = try db.row("SELECT * FROM undo_point WHERE itemId = ?", [itemID]) else { return nil }
        let action: ReviewAction = try row["action"]
        let from: ReviewState = try row["fromState"]
        let to: ReviewState = try row["toState"]
        let decoder = JSONDecoder()
        let snapshot = try decoder.decode(Snapshot.self, from: Data((try row["snapshot"] as String).utf8))
        let taught = try decoder.decode([Watermarks].self, from: Data((try row["taught"] as String).utf8))
        guard taught.count == 2 else { return nil }
        return UndoPoint(
            itemID: itemID, action: action, actor: try row["actor"], revision: try row["revision"], from: from, to: to, snapshot: snapshot,
            before: taught[0], after: taught[1])
    }

    static func delete(_ db: any SQLSession, itemID: Int64) throws {
        try db.execute("DELETE FROM undo_point WHERE itemId = ?", [itemID])
    }
}
