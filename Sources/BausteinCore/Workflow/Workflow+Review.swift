import Foundation
import GRDB

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

extension Workflow {
    /// Runs one action as a single write transaction: state, role, department and claim checks, the change,
    /// the audit row, and learning, all committed together or not at all.
    func perform(
        _ action: ReviewAction, on id: Int64, by person: TeamMember, expectedRevision: Int? = nil,
        _ body: (inout ItemRecord, Database) throws -> ActionEffect
    ) throws -> ActionOutcome {
        try knowledgeBase.store.write { db in try apply(action, on: id, by: person, expectedRevision: expectedRevision, db, body) }
    }

    /// ``perform(_:on:by:expectedRevision:_:)`` inside a transaction that is already open.
    func apply(
        _ action: ReviewAction, on id: Int64, by person: TeamMember, expectedRevision: Int? = nil, _ db: Database,
        _ body: (inout ItemRecord, Database) throws -> ActionEffect
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
            if let first = suggestions.first, let confidence = first.modelConfidence {
                try knowledgeBase.recordOutcome(
                    db, confidence: confidence, correct: first.snippetID == snippetID, origin: .confirmation)
            }
            // Which shown suggestions were passed over for the snippet that went out: the group preference learns from it.
            // An abstaining matcher offered nothing to pass over.
            let abstained = suggestions.first?.abstained ?? true
            let shown = abstained ? [] : suggestions.map(\.snippetID)
            try knowledgeBase.recordRanking(db, shown: shown, chosen: [snippetID], origin: .confirmation)
            // A retired snippet cannot learn; the reply is still approved.
            if try currentSnippet(db, id: snippetID) != nil {
                // A learned phrasing is searched and shown as a reason: it carries no personal data that a mask can find,
                // it expires with the retention period, and an erasure request removes it with its message.
                try knowledgeBase.learn(
                    db, phrasing: PersonalDataMask.removeForLearning(item.text, author: item.author), snippetID: snippetID,
                    origin: .confirmation, itemID: item.id)
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
    func baseSnippet(_ db: Database, item: ItemRecord, named snippetID: String?, despiteAbstention: Bool? = nil) throws -> (
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
        guard let current = try currentSnippet(db, id: id) else { throw ReviewError.unknownSnippet(id) }
        guard current.snippet.isValid(on: clock.today) else { throw ReviewError.snippetNotValid(id: id, day: clock.today.description) }
        return current
    }

    /// Staff send a snippet as it is (placeholders filled): straight to the outbox, or to the press office when
    /// the rules say so.
    ///
    /// - Parameters:
    ///   - snippetID: the snippet to send; nil for the top suggestion.
    ///   - values: values for per-message placeholders (`{{frist}}`).
    ///   - despiteAbstention: the person checked the reply and sends it although the matcher abstained for this item.
    /// - Throws: ``ReviewError/uncertainMatch(_:)`` for an item the matcher abstained on, unless `despiteAbstention`.
    @discardableResult
    public func confirm(
        _ id: Int64, snippetID: String? = nil, values: [String: String] = [:], despiteAbstention: Bool = false, by person: TeamMember,
        expectedRevision: Int? = nil
    ) throws -> ActionOutcome {
        try perform(.confirm, on: id, by: person, expectedRevision: expectedRevision) { item, db in
            let prepared = try confirmation(db, item: item, snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
            // Free text in a placeholder is text the press office never approved: such a reply counts as edited.
            let unusual = Self.unusualValues(values)
            item.snippetID = prepared.snippetID
            item.snippetVersion = prepared.snippetVersion
            item.replyText = prepared.text
            item.replyEdited = !unusual.isEmpty
            item.editRatio = nil
            item.preparedBy = person.name
            var notes: [String] = []
            if prepared.usedShort { notes.append("Kurzfassung (short) verwendet") }
            if !unusual.isEmpty { notes.append("Platzhalterwert zählt als Bearbeitung (\(unusual.joined(separator: "; ")))") }
            return ActionEffect(
                needsPress: prepared.needsPress, auditText: prepared.text, note: notes.isEmpty ? nil : notes.joined(separator: "; "),
                teaches: true)
        }
    }

    /// What ``confirm(_:snippetID:values:despiteAbstention:by:expectedRevision:)`` would send, to whom and whether the
    /// press office must approve it first, without changing anything: the review loop shows it before a person sends.
    public func previewConfirmation(_ id: Int64, snippetID: String?, values: [String: String] = [:], despiteAbstention: Bool = false) throws
        -> ConfirmationPreview
    {
        try knowledgeBase.store.read { db in
            try confirmation(db, item: try ItemRecord.fetch(db, id: id), snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
        }
    }

    private func confirmation(_ db: Database, item: ItemRecord, snippetID: String?, values: [String: String], despiteAbstention: Bool) throws
        -> ConfirmationPreview
    {
        let base = try baseSnippet(db, item: item, named: snippetID, despiteAbstention: despiteAbstention)
        let reply = try renderer.render(base.snippet, values: item.values(values), channel: item.channel)
        let replyTo = try Store.replyAddress(db, item: item.id)
        return ConfirmationPreview(
            itemID: item.id, snippetID: base.snippet.id, snippetVersion: base.version, text: reply.text, usedShort: reply.usedShort,
            channel: item.channel, recipient: replyTo ?? item.author,
            needsPress: needsPress(item, snippet: base.snippet, edited: !Self.unusualValues(values).isEmpty))
    }

    /// Placeholder values that are not one short plain line, each as "{{name}}: problem".
    static func unusualValues(_ values: [String: String]) -> [String] {
        values.keys.sorted().compactMap { name in PlaceholderValue.problem(values[name]!).map { "{{\(name)}}: \($0.rawValue)" } }
    }

    /// Staff send their own text, optionally built on a snippet; the press office approves unless the text
    /// equals the snippet's.
    @discardableResult
    public func edit(
        _ id: Int64, text: String, snippetID: String? = nil, values: [String: String] = [:], by person: TeamMember,
        expectedRevision: Int? = nil
    ) throws -> ActionOutcome {
        try perform(.edit, on: id, by: person, expectedRevision: expectedRevision) { item, db in
            let reply = try renderer.check(text, channel: item.channel)
            var snippet: Snippet?
            var diff: String?
            if let snippetID {
                let base = try baseSnippet(db, item: item, named: snippetID)
                snippet = base.snippet
                item.snippetID = base.snippet.id
                item.snippetVersion = base.version
                let rendered = try? renderer.render(base.snippet, values: item.values(values), channel: item.channel).text
                let comparison = rendered.map { TextDiff.compare(from: $0, to: reply) }
                diff = comparison.map(\.diff) ?? "(frei formuliert)"
                item.editRatio = comparison?.changeRatio ?? 1
            } else {
                item.snippetID = nil
                item.snippetVersion = nil
                item.editRatio = 1
            }
            let changed = snippet == nil || diff != nil
            item.replyText = reply
            item.replyEdited = changed
            item.preparedBy = person.name
            return ActionEffect(
                needsPress: needsPress(item, snippet: snippet, edited: changed), auditText: reply, diff: diff, teaches: snippet != nil)
        }
    }

    /// Staff hand the item to the press office with a note.
    @discardableResult
    public func escalate(_ id: Int64, note: String, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        let note = try Self.required(note, for: .escalate)
        return try perform(.escalate, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            // An escalation carries no reply: a text the press office returned earlier must not be approvable as is.
            item.replyText = nil
            item.snippetID = nil
            item.snippetVersion = nil
            item.preparedBy = nil
            item.editRatio = nil
            item.note = note
            return ActionEffect(needsPress: true, note: note)
        }
    }

    /// Staff ask a department for an answer; its draft then goes to the press office.
    @discardableResult
    public func forward(_ id: Int64, to department: String, note: String, by person: TeamMember, expectedRevision: Int? = nil) throws
        -> ActionOutcome
    {
        let note = try Self.required(note, for: .forward)
        guard configuration.departments[department] != nil else {
            throw ReviewError.unknownDepartment(department, known: configuration.departments.keys.sorted())
        }
        return try perform(.forward, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            item.department = department
            item.note = note
            return ActionEffect(needsPress: true, note: "an \(department): \(note)")
        }
    }

    /// A department member drafts the answer; it always goes to the press office.
    @discardableResult
    public func draft(_ id: Int64, text: String, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        try perform(.draft, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            let reply = try renderer.check(text, channel: item.channel)
            item.replyText = reply
            item.replyEdited = true
            item.editRatio = 1
            item.snippetID = nil
            item.snippetVersion = nil
            item.preparedBy = person.name
            return ActionEffect(needsPress: true, auditText: reply)
        }
    }

    /// Closes the item without a reply; `kind` says why (``DismissalKind/noFittingAnswer`` feeds the gap report).
    @discardableResult
    public func dismiss(
        _ id: Int64, reason: String, kind: DismissalKind = .other, by person: TeamMember, expectedRevision: Int? = nil
    ) throws -> ActionOutcome {
        let reason = try Self.required(reason, for: .dismiss)
        guard kind != .expired else { throw ReviewError.reservedDismissalKind }
        return try perform(.dismiss, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            item.note = reason
            item.dismissal = kind
            return ActionEffect(note: "\(kind.label): \(reason)")
        }
    }

    static func required(_ text: String, for action: ReviewAction) throws(ReviewError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .noteRequired(action) }
        return trimmed
    }
}
