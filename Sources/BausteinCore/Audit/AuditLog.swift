import Foundation
import GRDB

/// The audit trail as people read, check, seal and anchor it. Every service appends its own rows through
/// ``AuditTrail``; this is the reading side and the admin's tasks.
public struct AuditLog: Sendable {
    let knowledgeBase: KnowledgeBase
    let audit: AuditTrail

    var now: String { Timestamp.format(knowledgeBase.clock.now()) }
}

extension AuditLog {
    /// The audit trail, oldest first; one item's rows when `itemID` is given.
    public func entries(itemID: Int64? = nil) throws -> [AuditEntry] {
        try knowledgeBase.store.read { db in try AuditTrail.entries(db, itemID: itemID) }
    }

    /// Checks the whole hash chain of the audit trail, and with an anchor that the anchored row is unchanged.
    ///
    /// - Throws: ``AuditKeyError`` when the chain is sealed and this deployment has no key or another one.
    public func verify(anchor: AuditAnchor? = nil) throws -> AuditVerification {
        try knowledgeBase.store.read { db in try audit.verify(db, anchor: anchor) }
    }

    /// Seals an audit chain written before it had a key (see ``AuditTrail``); admins only.
    ///
    /// - Returns: the chain as it was before sealing: its rows and old head, to be written down.
    public func seal(by person: TeamMember) throws -> AuditVerification {
        guard person.role == .admin else { throw ReviewError.adminOnly(person: person.name, role: person.role, task: "das Protokoll versiegeln") }
        let now = self.now
        return try knowledgeBase.store.write { db in try audit.seal(db, by: person, at: now) }
    }

    /// The chain's newest row as an anchor to keep outside Baustein, after checking that the chain is intact.
    ///
    /// - Returns: nil for an empty trail.
    /// - Throws: ``AuditAnchorError`` when the chain is broken (an anchor of a broken chain proves nothing).
    public func anchor() throws -> AuditAnchor? {
        let result = try verify()
        if let problem = result.problem { throw AuditAnchorError(problem: problem, intactRows: result.rows) }
        return result.head.map { AuditAnchor(seq: Int64(result.rows), hash: $0) }
    }
}
