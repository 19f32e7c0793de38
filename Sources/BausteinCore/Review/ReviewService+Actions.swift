import Foundation
import GRDB

/// Staff's and departments' actions: send a snippet, edit, escalate, forward, draft, dismiss.
extension ReviewService {
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
    public func previewConfirmation(
        _ id: Int64, snippetID: String?, values: [String: String] = [:], despiteAbstention: Bool = false
    ) throws
        -> ConfirmationPreview
    {
        try knowledgeBase.store.read { db in
            try confirmation(db, item: try ItemRecord.fetch(db, id: id), snippetID: snippetID, values: values, despiteAbstention: despiteAbstention)
        }
    }

    private func confirmation(
        _ db: any SQLSession, item: ItemRecord, snippetID: String?, values: [String: String], despiteAbstention: Bool
    ) throws
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
    public func forward(
        _ id: Int64, to department: String, note: String, by person: TeamMember, expectedRevision: Int? = nil
    ) throws
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
