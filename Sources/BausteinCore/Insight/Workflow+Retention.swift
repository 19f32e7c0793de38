import Foundation
import GRDB

/// What `purge` removed (or, in a dry run, would remove).
public struct PurgeReport: Sendable, Codable, Equatable {
    /// Messages stored before this instant were due.
    public var cutoff: String
    public var itemIDs: [Int64]
    /// Of those, items that were still open somewhere (not sent or dismissed) and were closed as `expire`.
    public var expiredIDs: [Int64] = []
    /// Learned phrasings older than the cut-off that were removed.
    public var learnedPhrasings = 0
    public var dryRun: Bool
}

extension Workflow {
    /// Removes everything a citizen wrote or was sent about messages Baustein stored before `olderThan` ago, once the
    /// item is closed (sent, dismissed, failed) or nobody has touched it for that long (stale: it is closed now, as
    /// `expire`): message text, author, reply address and platform id, the reply, notes, the words the matcher quoted as
    /// reasons, the texts in the audit rows, and every learned phrasing older than the cut-off (with its vectors).
    ///
    /// The cut-off reads when Baustein stored the message, not the sender's own timestamp. Anonymous figures stay
    /// (channel, times, states, snippets used), and so does the audit chain: its rows keep the digests of the removed
    /// texts. One audit row records the purge. The database is then compacted so that no removed byte is left in free
    /// pages, the full-text index or the WAL (``KnowledgeBase/compact()``).
    public func purge(olderThan age: TimeInterval, dryRun: Bool, by person: TeamMember) throws -> PurgeReport {
        guard person.role == .admin || person.role == .press else {
            throw ReviewError.purgeNotAllowed(person: person.name, role: person.role)
        }
        let now = clock.now()
        let cutoff = Timestamp.format(now.addingTimeInterval(-age))
        let nowText = Timestamp.format(now)
        let select = """
            SELECT item.id, item.state FROM item JOIN message ON message.id = item.id
            WHERE message.purgedAt IS NULL AND message.storedAt < ?
              AND (item.state IN ('sent', 'dismissed', 'failed') OR item.updatedAt < ?)
            ORDER BY item.id
            """
        func due(_ db: Database) throws -> (ids: [Int64], open: [Int64], phrasings: Int) {
            let rows = try Row.fetchAll(db, sql: select, arguments: [cutoff, cutoff])
            let open = rows.filter { (ReviewState(rawValue: $0["state"]) ?? .open).stage != .closed }.map { $0["id"] as Int64 }
            let phrasings = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM learned_phrasing WHERE createdAt < ? AND origin = ?",
                arguments: [cutoff, LearningOrigin.confirmation.rawValue]) ?? 0
            return (rows.map { $0["id"] }, open, phrasings)
        }
        if dryRun {
            let found = try knowledgeBase.store.read(due)
            return PurgeReport(cutoff: cutoff, itemIDs: found.ids, expiredIDs: found.open, learnedPhrasings: found.phrasings, dryRun: true)
        }
        let report = try knowledgeBase.store.write { db -> PurgeReport in
            let found = try due(db)
            guard !found.ids.isEmpty || found.phrasings > 0 else { return PurgeReport(cutoff: cutoff, itemIDs: [], dryRun: false) }
            for id in found.open { try expire(db, id, by: person, at: nowText) }
            let phrasings = try scrub(db, items: found.ids, at: nowText) + knowledgeBase.forget(db, learnedBefore: cutoff)
            try audit.append(
                db,
                AuditEntry(
                    at: nowText, actor: person.name, role: AuditRole(person.role), itemID: nil, action: .purge,
                    note: "\(found.ids.count) Anfragen vor \(cutoff), davon \(found.open.count) unerledigt geschlossen: Texte und Absender entfernt; "
                        + "\(phrasings) gelernte Formulierungen entfernt",
                    via: person.via))
            try Self.recordRetentionRun(db, at: nowText, items: found.ids.count)
            return PurgeReport(cutoff: cutoff, itemIDs: found.ids, expiredIDs: found.open, learnedPhrasings: phrasings, dryRun: false)
        }
        if report.itemIDs.isEmpty && report.learnedPhrasings == 0 {
            try knowledgeBase.store.write { db in try Self.recordRetentionRun(db, at: nowText, items: 0) }
        } else {
            try knowledgeBase.compact(fullTextIndex: report.learnedPhrasings > 0)
        }
        return report
    }

    /// Closes an item whose message is being removed: `expire`, through the state machine and the audit trail, whoever
    /// holds it (retention does not wait for a claim).
    func expire(_ db: Database, _ id: Int64, by person: TeamMember, at now: String) throws {
        var item = try ItemRecord.fetch(db, id: id)
        let from = item.state
        let revision = item.revision
        item.state = try from.after(.expire, needsPress: false)
        item.dismissal = .expired
        item.claimedBy = nil
        item.claimExpiresAt = nil
        try item.save(db, expectedRevision: revision, at: now)
        try Self.releaseLease(db, id)
        try audit.append(
            db,
            AuditEntry(
                at: now, actor: person.name, role: AuditRole(person.role), itemID: id, action: .review(.expire),
                fromState: from, toState: item.state, snippetID: item.snippetID, snippetVersion: item.snippetVersion,
                via: person.via))
    }

    /// Removes, in the caller's transaction, every text stored about these messages: the message itself (text, author,
    /// reply address, platform id), the reply and notes, the matched words in the suggestions' reasons, the texts of
    /// their audit rows (their digests stay, so the chain verifies), and the learned phrasings taken from them.
    ///
    /// - Returns: how many learned phrasings were removed with them.
    @discardableResult
    func scrub(_ db: Database, items ids: [Int64], at now: String) throws -> Int {
        var phrasings = 0
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            let arguments = StatementArguments(chunk)
            try db.execute(
                sql: """
                    UPDATE message SET text = '', author = NULL, replyTo = NULL, externalId = NULL, context = NULL, purgedAt = ?
                    WHERE id IN (\(marks))
                    """,
                arguments: [now] + arguments)
            try db.execute(
                sql: """
                    UPDATE item SET replyText = NULL, note = NULL, claimedBy = NULL, claimExpiresAt = NULL, deliveryError = NULL,
                        deliveryLeaseBy = NULL, deliveryLeaseUntil = NULL, deliveryStartedAt = NULL, platformPostId = NULL,
                        platformPostUrl = NULL WHERE id IN (\(marks))
                    """, arguments: arguments)
            try db.execute(sql: "UPDATE audit SET text = NULL, diff = NULL, note = NULL WHERE itemId IN (\(marks))", arguments: arguments)
            try db.execute(sql: "UPDATE suggestion SET reasons = '[]' WHERE itemId IN (\(marks))", arguments: arguments)
            // The item's state before its last action (texts included) goes with the texts.
            try db.execute(sql: "DELETE FROM undo_point WHERE itemId IN (\(marks))", arguments: arguments)
            phrasings += try knowledgeBase.forget(db, learnedFrom: chunk)
        }
        return phrasings
    }

    static let retentionKey = "retention.last"

    static func recordRetentionRun(_ db: Database, at now: String, items: Int) throws {
        try db.execute(
            sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            arguments: [retentionKey, "\(now) \(items)"])
    }

    /// When retention last ran (by hand or on the server's schedule) and how many messages it removed; nil if never.
    public func lastRetentionRun() throws -> (at: String, items: Int)? {
        try knowledgeBase.store.read { db in
            guard let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [Self.retentionKey]) else {
                return nil
            }
            let parts = value.split(separator: " ")
            return (String(parts.first ?? ""), parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
        }
    }
}
