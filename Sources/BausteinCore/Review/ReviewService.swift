import Foundation
import GRDB

/// The review state machine: staff's and the press office's actions on an item, claims, the approval rules, and the
/// hand-off of what a confirmed reply teaches the matcher.
///
/// Every action is one write transaction that checks the item's current state, the person's role and department and
/// any claim, changes the item, and appends to the audit trail; two people or processes can therefore never both act
/// on the same item.
public struct ReviewService: Sendable {
    let knowledgeBase: KnowledgeBase
    let configuration: WorkflowConfiguration
    let renderer: ReplyRenderer
    let audit: AuditTrail

    var clock: WallClock { knowledgeBase.clock }
    var now: String { Timestamp.format(clock.now()) }

    /// The longest time at the screen one look at an item adds to the service report: a forgotten terminal is no work.
    public static let handlingCap: TimeInterval = 30 * 60
}

/// What one review action did.
public struct ActionOutcome: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var action: ReviewAction
    public var from: ReviewState
    public var to: ReviewState
    /// The reply text after the action, if there is one.
    public var replyText: String?
    public var snippetID: String?
    public var snippetVersion: Int?
    /// True when the press office must approve before the reply can be sent.
    public var awaitsPress: Bool { to.stage == .press }
}

/// What an action's body decided, for the state machine and the audit row.
struct ActionEffect {
    var needsPress = false
    var auditText: String?
    var diff: String?
    var note: String?
    /// Learn the citizen's question as a phrasing of the reply's snippet if the item ends up approved.
    var teaches = false
}

extension ReviewService {
    /// Runs one action as a single write transaction: state, role, department and claim checks, the change,
    /// the audit row, and learning, all committed together or not at all.
    func perform(
        _ action: ReviewAction, on id: Int64, by person: TeamMember, expectedRevision: Int? = nil,
        _ body: (inout ItemRecord, any SQLSession) throws -> ActionEffect
    ) throws -> ActionOutcome {
        let outcome = try knowledgeBase.store.write { db in try apply(action, on: id, by: person, expectedRevision: expectedRevision, db, body) }
        // What a confirmation taught is matched on at once by this server too, not only after the next refresh.
        knowledgeBase.followSharedChange()
        return outcome
    }

    /// ``perform(_:on:by:expectedRevision:_:)`` inside a transaction that is already open.
    func apply(
        _ action: ReviewAction, on id: Int64, by person: TeamMember, expectedRevision: Int? = nil, _ db: any SQLSession,
        _ body: (inout ItemRecord, any SQLSession) throws -> ActionEffect
    ) throws -> ActionOutcome {
        let now = self.now
        var item = try ItemRecord.fetch(db, id: id)
        let revision = item.revision
        if let expectedRevision, expectedRevision != revision { throw ReviewError.changedMeanwhile(item: id, state: item.state) }
        // The state machine decides first, so that a wrong move is reported as such and not as a permission issue.
        _ = try item.state.after(action, needsPress: true)
        guard person.may(action, in: item.state, itemDepartment: item.department) else {
            if item.state.stage == .department, person.role == .department {
                throw ReviewError.otherDepartment(person: person.name, department: item.department)
            }
            throw ReviewError.forbidden(person: person.name, role: person.role, action: action, state: item.state)
        }
        if let claim = item.claim(blocking: person, at: now) { throw ReviewError.claimed(by: claim.holder, until: claim.until) }
        let from = item.state
        let snapshot = UndoPoint.Snapshot(item)
        let watermarks = action.isUndoable ? try UndoPoint.Watermarks.read(db) : nil
        let effect = try body(&item, db)
        item.state = try from.after(action, needsPress: effect.needsPress)
        item.claimedBy = nil
        item.claimExpiresAt = nil
        try item.save(db, expectedRevision: revision, at: now)
        try audit.append(
            db,
            AuditEntry(
                at: now, actor: person.name, role: AuditRole(person.role), itemID: id, action: .review(action),
                fromState: from, toState: item.state, snippetID: item.snippetID,
                snippetVersion: item.snippetVersion, text: effect.auditText, diff: effect.diff, note: effect.note, via: person.via))
        if item.state == .approved, effect.teaches, let snippetID = item.snippetID {
            // The suggestions as staff saw them, best first, read once for both lessons.
            let suggestions = try Store.shownSuggestions(db, item: id)
            // Was the first suggestion the snippet that went out? The base's confidence scaling learns from it.
            // And would it have been with the learned evidence, and by the snippets' own text? Learning ranks once it wins.
            // The base answered the question: how likely the matcher found it to be about the base teaches the bar.
            if let first = suggestions.first, let confidence = first.modelConfidence {
                let check = try Store.firstPlaces(db, item: id).map { (learned: $0.learned == snippetID, unlearned: $0.unlearned == snippetID) }
                try knowledgeBase.recordOutcome(
                    db, confidence: confidence, abstained: first.abstained, correct: first.snippetID == snippetID, check: check,
                    answered: try Store.matchedDomain(db, item: id), origin: .confirmation)
            }
            // Which shown suggestions were passed over for the snippet that went out: the group preference learns from it.
            // An abstaining matcher offered nothing to pass over.
            let abstained = suggestions.first?.abstained ?? true
            let shown = abstained ? [] : suggestions.map(\.snippetID)
            try knowledgeBase.recordRanking(db, shown: shown, chosen: [snippetID], origin: .confirmation)
            // A retired snippet cannot learn; the reply is still approved.
            if try Store.currentSnippet(db, id: snippetID) != nil {
                // A learned phrasing is searched and shown as a reason: it carries no personal data that a mask can find,
                // it expires with the retention period, and an erasure request removes it with its message.
                try knowledgeBase.learn(
                    db, phrasing: PersonalDataMask.removeForLearning(item.text, author: item.author), snippetID: snippetID,
                    origin: .confirmation, itemID: item.id)
            }
        } else if item.state == .approved, from != .approved, item.snippetID == nil, item.replyText != nil {
            // A reply went out that no snippet was built on (staff's own text, a department's draft, the press office's):
            // the first suggestion was not what the authority sent. The confidence scaling learns that, and nothing else
            // does (there is no snippet to learn a phrasing for, and nothing was chosen over the suggestions).
            if let first = try Store.shownSuggestions(db, item: id).first, let confidence = first.modelConfidence {
                try knowledgeBase.recordOutcome(db, confidence: confidence, abstained: first.abstained, correct: false, origin: .confirmation)
            }
        }
        if let watermarks {
            try UndoPoint(
                itemID: id, action: action, actor: person.name, revision: revision + 1, from: from, to: item.state, snapshot: snapshot,
                before: watermarks, after: try UndoPoint.Watermarks.read(db)
            ).save(db, at: now)
        } else {
            try UndoPoint.delete(db, itemID: id)
        }
        return ActionOutcome(
            itemID: id, action: action, from: from, to: item.state, replyText: item.replyText, snippetID: item.snippetID,
            snippetVersion: item.snippetVersion)
    }

    /// Whether the rules require the press office for a reply to this item built on this snippet.
    func needsPress(_ item: ItemRecord, snippet: Snippet?, edited: Bool) -> Bool {
        if snippet?.approval == .press { return true }
        if edited, configuration.rules.pressApprovalForEdited { return true }
        if snippet == nil { return true }
        return !item.flags.isEmpty && configuration.rules.pressApprovalForFlagged
    }

    /// The snippet to build on: the one named, or the item's top suggestion.
    ///
    /// - Parameter despiteAbstention: a person looked at the reply and sends it although the matcher found no snippet
    ///   that fits for sure; without it, sending a snippet on such an item is refused (``ReviewError/uncertainMatch(_:)``).
    ///   Nil when the caller writes its own text on the snippet (an edit), which needs no such confirmation.
    func baseSnippet(
        _ db: any SQLSession, item: ItemRecord, named snippetID: String?, despiteAbstention: Bool? = nil
    ) throws -> (
        snippet: Snippet, version: Int
    ) {
        let id: String
        let abstained = try Store.abstained(db, item: item.id) ?? true
        if abstained, despiteAbstention == false { throw ReviewError.uncertainMatch(item.id) }
        if let snippetID {
            id = snippetID
        } else {
            let top = try Store.topSuggestion(db, item: item.id)
            guard let top, !abstained || despiteAbstention == true else { throw ReviewError.noSuggestion(item.id) }
            id = top
        }
        guard let current = try Store.currentSnippet(db, id: id) else { throw ReviewError.unknownSnippet(id) }
        guard current.snippet.isValid(on: clock.today) else { throw ReviewError.snippetNotValid(id: id, day: clock.today.description) }
        return current
    }
}
