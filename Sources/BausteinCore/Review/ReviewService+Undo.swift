import Foundation
import GRDB

extension ReviewService {
    /// Takes back the last action on an item while its reply has not gone to delivery: the item returns to the state
    /// and the fields it had before, what the action taught the matcher is forgotten again, and the undo is one audit
    /// row of its own (the undone action's row stays: the trail only grows).
    ///
    /// Only the person who acted (or an admin) can undo, and only while nothing else happened to the item since.
    ///
    /// - Throws: ``ReviewError/nothingToUndo(_:)``, ``ReviewError/undoAfterDelivery(state:)`` once exported or sent,
    ///   ``ReviewError/undoByOther(item:actor:)``, ``ReviewError/claimed(by:until:)``.
    @discardableResult
    public func undo(_ id: Int64, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        let now = self.now
        defer { knowledgeBase.followSharedChange() }
        return try knowledgeBase.store.write { db in
            var item = try ItemRecord.fetch(db, id: id)
            if let expectedRevision, expectedRevision != item.revision { throw ReviewError.changedMeanwhile(item: id, state: item.state) }
            if [.queued, .sent, .failed].contains(item.state) { throw ReviewError.undoAfterDelivery(state: item.state) }
            guard let point = try UndoPoint.fetch(db, itemID: id), point.revision == item.revision, point.to == item.state else {
                throw ReviewError.nothingToUndo(id)
            }
            guard point.actor.lowercased() == person.name.lowercased() || person.role == .admin else {
                throw ReviewError.undoByOther(item: id, actor: point.actor)
            }
            if let claim = item.claim(blocking: person, at: now) { throw ReviewError.claimed(by: claim.holder, until: claim.until) }
            let from = item.state
            item.state = try from.undoing(point.action, back: point.from)
            point.snapshot.restore(into: &item)
            item.claimedBy = nil
            item.claimExpiresAt = nil
            try item.save(db, expectedRevision: point.revision, at: now)
            try knowledgeBase.forget(db, taughtBetween: point.before, and: point.after)
            try UndoPoint.delete(db, itemID: id)
            try audit.append(
                db,
                AuditEntry(
                    at: now, actor: person.name, role: AuditRole(person.role), itemID: id, action: .review(.undo),
                    fromState: from, toState: item.state, snippetID: item.snippetID, snippetVersion: item.snippetVersion,
                    note: "'\(point.action.label)' von \(point.actor) zurückgenommen", via: person.via))
            return ActionOutcome(
                itemID: id, action: .undo, from: from, to: item.state, replyText: item.replyText, snippetID: item.snippetID,
                snippetVersion: item.snippetVersion)
        }
    }
}
