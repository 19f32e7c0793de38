import Foundation
import GRDB

/// Everything Baustein stores about one author (Art. 15 DSGVO, `baustein privacy export`).
public struct PrivacyExport: Sendable, Codable, Equatable {
    /// One message with what happened to it.
    public struct Message: Sendable, Codable, Equatable {
        public var item: Int64
        public var channel: String
        public var externalID: String?
        public var author: String?
        public var replyTo: String?
        public var text: String
        public var receivedAt: String
        public var storedAt: String
        public var state: ReviewState
        public var reply: String?
        public var note: String?
        public var flags: [String]
        /// Learned phrasings the matcher took from this message (masked).
        public var learnedPhrasings: [String]
        /// The audit rows of this item (who did what when, with the exact texts).
        public var history: [AuditEntry]

        enum CodingKeys: String, CodingKey {
            case item, channel, externalID = "external_id", author, replyTo = "reply_to", text, receivedAt = "received_at"
            case storedAt = "stored_at", state, reply, note, flags, learnedPhrasings = "learned_phrasings", history
        }
    }

    /// The author as asked for.
    public var author: String
    public var exportedAt: String
    public var messages: [Message]

    enum CodingKeys: String, CodingKey {
        case author, exportedAt = "exported_at", messages
    }
}

/// What an erasure request removed (Art. 17 DSGVO, `baustein privacy erase`).
public struct ErasureReport: Sendable, Codable, Equatable {
    public var itemIDs: [Int64]
    /// Of those, items that were still open and were closed as `expire`.
    public var expiredIDs: [Int64]
    public var learnedPhrasings: Int
    public var dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case itemIDs = "items", expiredIDs = "expired", learnedPhrasings = "learned_phrasings", dryRun = "dry_run"
    }
}

extension Retention {
    /// Everything stored about one author, as one document (press office and admins only).
    ///
    /// - Throws: ``ReviewError/purgeNotAllowed(person:role:)`` for other roles.
    public func privacyExport(author: String, by person: TeamMember) throws -> PrivacyExport {
        guard person.role == .admin || person.role == .press else { throw ReviewError.purgeNotAllowed(person: person.name, role: person.role) }
        let author = author.trimmingCharacters(in: .whitespaces)
        guard !author.isEmpty else { throw ReviewError.emptyText }
        return try knowledgeBase.store.read { db in
            let messages = try Store.itemIDs(db, author: author).map { id in try Store.privacyExport(db, item: id) }
            return PrivacyExport(author: author, exportedAt: now, messages: messages)
        }
    }

    /// Removes everything stored about one author with the guarantees of retention (``purge(olderThan:dryRun:by:)``):
    /// open items are closed as `expire`, every text is removed, and no byte is left in the database files. One audit
    /// row records the erasure by the author's hash, not their name (press office and admins only).
    public func privacyErase(author: String, dryRun: Bool, by person: TeamMember) throws -> ErasureReport {
        guard person.role == .admin || person.role == .press else { throw ReviewError.purgeNotAllowed(person: person.name, role: person.role) }
        let author = author.trimmingCharacters(in: .whitespaces)
        guard !author.isEmpty else { throw ReviewError.emptyText }
        let now = self.now
        func found(_ db: any SQLSession) throws -> (ids: [Int64], open: [Int64], phrasings: Int) {
            let ids = try Store.itemIDs(db, author: author)
            guard !ids.isEmpty else { return ([], [], 0) }
            let scope = try Store.erasureScope(db, items: ids)
            return (ids, scope.open, scope.phrasings)
        }
        if dryRun {
            let result = try knowledgeBase.store.read(found)
            return ErasureReport(itemIDs: result.ids, expiredIDs: result.open, learnedPhrasings: result.phrasings, dryRun: true)
        }
        defer { knowledgeBase.followSharedChange() }
        let report = try knowledgeBase.store.write { db -> ErasureReport in
            let result = try found(db)
            guard !result.ids.isEmpty else { return ErasureReport(itemIDs: [], expiredIDs: [], learnedPhrasings: 0, dryRun: false) }
            for id in result.open { try expire(db, id, by: person, at: now) }
            try scrub(db, items: result.ids, at: now)
            try audit.append(
                db,
                AuditEntry(
                    at: now, actor: person.name, role: AuditRole(person.role), itemID: nil, action: .erase,
                    note: "Löschantrag für Absender \(String(Hashing.sha256Hex(of: author.lowercased()).prefix(16))): \(result.ids.count) Anfragen, "
                        + "\(result.phrasings) gelernte Formulierungen entfernt",
                    via: person.via))
            return ErasureReport(itemIDs: result.ids, expiredIDs: result.open, learnedPhrasings: result.phrasings, dryRun: false)
        }
        if !report.itemIDs.isEmpty { try knowledgeBase.compact(fullTextIndex: report.learnedPhrasings > 0) }
        return report
    }
}
