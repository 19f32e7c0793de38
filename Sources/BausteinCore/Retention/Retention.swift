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

/// How long personal data stays: the retention purge, and an author's export and erasure (GDPR articles 15 and 17).
/// Removed texts leave no byte behind (``KnowledgeBase/compact(fullTextIndex:)``); the audit chain keeps their digests.
public struct Retention: Sendable {
    let knowledgeBase: KnowledgeBase
    let audit: AuditTrail

    var clock: WallClock { knowledgeBase.clock }
    var now: String { Timestamp.format(clock.now()) }
}

extension Retention {
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
        func due(_ db: any SQLSession) throws -> (ids: [Int64], open: [Int64], phrasings: Int) {
            let items = try Store.itemsDueForRetention(db, cutoff: cutoff)
            return (items.ids, items.open, try Store.learnedPhrasingCount(db, before: cutoff, origin: .confirmation))
        }
        if dryRun {
            let found = try knowledgeBase.store.read(due)
            return PurgeReport(cutoff: cutoff, itemIDs: found.ids, expiredIDs: found.open, learnedPhrasings: found.phrasings, dryRun: true)
        }
        defer { knowledgeBase.followSharedChange() }
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
            try Store.recordRetentionRun(db, at: nowText, items: found.ids.count)
            return PurgeReport(cutoff: cutoff, itemIDs: found.ids, expiredIDs: found.open, learnedPhrasings: phrasings, dryRun: false)
        }
        if report.itemIDs.isEmpty && report.learnedPhrasings == 0 {
            try knowledgeBase.store.write { db in try Store.recordRetentionRun(db, at: nowText, items: 0) }
        } else {
            try knowledgeBase.compact(fullTextIndex: report.learnedPhrasings > 0)
        }
        return report
    }

    /// Closes an item whose message is being removed: `expire`, through the state machine and the audit trail, whoever
    /// holds it (retention does not wait for a claim).
    func expire(_ db: any SQLSession, _ id: Int64, by person: TeamMember, at now: String) throws {
        var item = try ItemRecord.fetch(db, id: id)
        let from = item.state
        let revision = item.revision
        item.state = try from.after(.expire, needsPress: false)
        item.dismissal = .expired
        item.claimedBy = nil
        item.claimExpiresAt = nil
        try item.save(db, expectedRevision: revision, at: now)
        try Store.releaseLease(db, item: id)
        try audit.append(
            db,
            AuditEntry(
                at: now, actor: person.name, role: AuditRole(person.role), itemID: id, action: .review(.expire),
                fromState: from, toState: item.state, snippetID: item.snippetID, snippetVersion: item.snippetVersion,
                via: person.via))
    }

    /// Removes, in the caller's transaction, every text stored about these messages (``Store/scrubTexts(_:items:at:)``)
    /// and the learned phrasings taken from them.
    ///
    /// - Returns: how many learned phrasings were removed with them.
    @discardableResult
    func scrub(_ db: any SQLSession, items ids: [Int64], at now: String) throws -> Int {
        var phrasings = 0
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            try Store.scrubTexts(db, items: chunk, at: now)
            phrasings += try knowledgeBase.forget(db, learnedFrom: chunk)
        }
        return phrasings
    }

    /// When retention last ran (by hand or on the server's schedule) and how many messages it removed; nil if never.
    public func lastRun() throws -> (at: String, items: Int)? {
        try knowledgeBase.store.lastRetentionRun()
    }
}
