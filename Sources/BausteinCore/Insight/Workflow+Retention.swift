import Foundation
import GRDB

/// What `purge` removed (or, in a dry run, would remove).
public struct PurgeReport: Sendable, Codable, Equatable {
    /// Messages received before this instant were due.
    public var cutoff: String
    public var itemIDs: [Int64]
    public var dryRun: Bool
}

extension Workflow {
    /// Removes the text and author data of closed items (sent or dismissed) received before `olderThan` ago:
    /// the message text, author and reply address, the reply text and notes, and the texts in their audit rows.
    ///
    /// Anonymous figures stay (channel, times, states, snippets used), and so does the audit chain: its rows keep
    /// the digests of the removed texts, so `audit verify` still proves nothing else changed. One audit row records
    /// the purge itself. Items still open are never touched.
    public func purge(olderThan age: TimeInterval, dryRun: Bool, by person: TeamMember) throws -> PurgeReport {
        guard person.role == .admin || person.role == .press else {
            throw ReviewError.purgeNotAllowed(person: person.name, role: person.role)
        }
        let now = clock.now()
        let cutoff = Timestamp.format(now.addingTimeInterval(-age))
        let nowText = Timestamp.format(now)
        let select = """
            SELECT item.id FROM item JOIN message ON message.id = item.id
            WHERE message.purgedAt IS NULL AND message.receivedAt < ? AND item.state IN ('sent', 'dismissed') ORDER BY item.id
            """
        if dryRun {
            let ids = try knowledgeBase.writer.read { db in try Int64.fetchAll(db, sql: select, arguments: [cutoff]) }
            return PurgeReport(cutoff: cutoff, itemIDs: ids, dryRun: true)
        }
        return try knowledgeBase.writer.write { db in
            let ids = try Int64.fetchAll(db, sql: select, arguments: [cutoff])
            guard !ids.isEmpty else { return PurgeReport(cutoff: cutoff, itemIDs: [], dryRun: false) }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(
                sql: """
                    UPDATE message SET text = '', author = NULL, replyTo = NULL, purgedAt = ? WHERE id IN (\(list));
                    UPDATE item SET replyText = NULL, note = NULL, claimedBy = NULL, claimExpiresAt = NULL, deliveryError = NULL
                        WHERE id IN (\(list));
                    UPDATE audit SET text = NULL, diff = NULL, note = NULL WHERE itemId IN (\(list));
                    DELETE FROM undo_point WHERE itemId IN (\(list));
                    """,
                arguments: [nowText])
            try AuditTrail.append(
                db,
                AuditEntry(
                    at: nowText, actor: person.name, role: person.role.rawValue, itemID: nil, action: "purge",
                    note: "\(ids.count) abgeschlossene Anfragen vor \(cutoff): Texte und Absender entfernt"))
            return PurgeReport(cutoff: cutoff, itemIDs: ids, dryRun: false)
        }
    }
}
