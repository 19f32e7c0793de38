import Foundation
import GRDB

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

        static func read(_ db: Database) throws -> Watermarks {
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT (SELECT COALESCE(MAX(id), 0) FROM learned_phrasing), (SELECT COALESCE(MAX(id), 0) FROM confidence_outcome),
                               (SELECT COALESCE(MAX(id), 0) FROM ranking_outcome)
                        """))
            return Watermarks(phrasing: row?[0] ?? 0, confidence: row?[1] ?? 0, ranking: row?[2] ?? 0)
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

    func save(_ db: Database, at now: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO undo_point (itemId, action, actor, revision, fromState, toState, snapshot, taught, createdAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                itemID, action.rawValue, actor, revision, from.rawValue, to.rawValue,
                String(decoding: try encoder.encode(snapshot), as: UTF8.self),
                String(decoding: try encoder.encode([before, after]), as: UTF8.self), now,
            ])
    }

    /// The item's undo point, or nil when it has none.
    ///
    /// - Throws: a decoding error for an action or state this version does not know (a database of a newer Baustein).
    static func fetch(_ db: Database, itemID: Int64) throws -> UndoPoint? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM undo_point WHERE itemId = ?", arguments: [itemID]) else { return nil }
        let action: ReviewAction = try row.decode(forColumn: "action")
        let from: ReviewState = try row.decode(forColumn: "fromState")
        let to: ReviewState = try row.decode(forColumn: "toState")
        let decoder = JSONDecoder()
        let snapshot = try decoder.decode(Snapshot.self, from: Data((row["snapshot"] as String).utf8))
        let taught = try decoder.decode([Watermarks].self, from: Data((row["taught"] as String).utf8))
        guard taught.count == 2 else { return nil }
        return UndoPoint(
            itemID: itemID, action: action, actor: row["actor"], revision: row["revision"], from: from, to: to, snapshot: snapshot,
            before: taught[0], after: taught[1])
    }

    static func delete(_ db: Database, itemID: Int64) throws {
        try db.execute(sql: "DELETE FROM undo_point WHERE itemId = ?", arguments: [itemID])
    }
}
