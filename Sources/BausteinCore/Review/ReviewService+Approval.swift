import Foundation
import GRDB

extension ReviewService {
    /// The press office approves the prepared reply; it goes to the outbox.
    ///
    /// - Throws: ``ReviewError/fourEyes(person:)`` when the approver prepared the reply (unless `four_eyes` is off),
    ///   ``ReviewError/noReplyText(_:)`` for an escalation without a reply.
    @discardableResult
    public func approve(_ id: Int64, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        try perform(.approve, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            guard let reply = item.replyText else { throw ReviewError.noReplyText(item.id) }
            if configuration.rules.fourEyes, item.preparedBy?.lowercased() == person.name.lowercased() {
                throw ReviewError.fourEyes(person: person.name)
            }
            // Departments' drafts teach nothing: they are not built on a snippet.
            return ActionEffect(needsPress: false, auditText: reply, teaches: item.state == .confirmed || item.state == .edited)
        }
    }

    /// The press office sends the item back to staff with a note.
    @discardableResult
    public func returnToStaff(_ id: Int64, note: String, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        let note = try Self.required(note, for: .returnToStaff)
        return try perform(.returnToStaff, on: id, by: person, expectedRevision: expectedRevision) { item, _ in
            item.note = note
            return ActionEffect(note: note)
        }
    }

    /// The press office writes the reply itself. Without the four-eyes rule its text is approved with it; under the
    /// rule the writer has prepared a reply like anyone else, and another member of the press office approves it.
    @discardableResult
    public func rewrite(_ id: Int64, text: String, by person: TeamMember, expectedRevision: Int? = nil) throws -> ActionOutcome {
        try perform(.rewrite, on: id, by: person, expectedRevision: expectedRevision) { item, db in
            let reply = try renderer.check(text, channel: item.channel)
            var diff: String?
            if let snippetID = item.snippetID, let version = item.snippetVersion,
                let snippet = try Store.snippet(db, id: snippetID, version: version)
            {
                if let rendered = try? renderer.render(snippet, values: item.values([:]), channel: item.channel).text {
                    let comparison = TextDiff.compare(from: rendered, to: reply)
                    diff = comparison.diff
                    item.editRatio = comparison.changeRatio
                }
            } else {
                item.editRatio = 1
            }
            item.replyText = reply
            item.replyEdited = true
            item.preparedBy = person.name
            return ActionEffect(needsPress: configuration.rules.fourEyes, auditText: reply, diff: diff)
        }
    }

    /// Reserves an item for one person for the configured time (`rules.claim`), so that nobody else acts on it
    /// while they read it. Claiming an item one already holds extends the claim.
    ///
    /// - Throws: ``ReviewError/claimed(by:until:)`` when someone else holds it.
    public func claim(_ id: Int64, by person: TeamMember) throws -> Int {
        let now = clock.now()
        let until = Timestamp.format(now.addingTimeInterval(configuration.rules.claimSeconds))
        let nowText = Timestamp.format(now)
        return try knowledgeBase.store.write { db in
            let item = try ItemRecord.fetch(db, id: id)
            if let claim = item.claim(blocking: person, at: nowText) { throw ReviewError.claimed(by: claim.holder, until: claim.until) }
            try Store.claim(db, item: id, holder: person.name, until: until)
            return item.revision
        }
    }

    /// Adds the time a person spent on an item (measured by the review loops) for the service report.
    /// At most ``handlingCap`` per call: a forgotten terminal is no work.
    public func recordHandling(_ id: Int64, seconds: Double) throws {
        guard seconds > 0, seconds.isFinite else { return }
        try knowledgeBase.store.write { db in
            try Store.addHandlingTime(db, item: id, seconds: min(seconds, Self.handlingCap))
        }
    }

    /// Gives up a claim (when a person skips an item).
    public func release(_ id: Int64, by person: TeamMember) throws {
        try knowledgeBase.store.write { db in
            try Store.releaseClaim(db, item: id, holder: person.name)
        }
    }
}
