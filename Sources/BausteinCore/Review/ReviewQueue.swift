import Foundation
import GRDB

/// What a person sees: the queue, the next free item, one item with its suggestions rendered, all under the visibility
/// rule (a department member sees only what was forwarded to their department). It only reads.
public struct ReviewQueue: Sendable {
    let knowledgeBase: KnowledgeBase
    let renderer: ReplyRenderer
    /// The escalation categories, for notices and urgency.
    let triggers: EscalationTriggers

    var now: String { Timestamp.format(knowledgeBase.clock.now()) }
}

extension ReviewQueue {
    /// The states a role works on by default.
    public static func defaultStates(for role: Role) -> [ReviewState] {
        switch role {
        case .staff: return [.open, .returned]
        case .department: return [.forwarded]
        case .press: return [.confirmed, .edited, .escalated, .drafted]
        case .admin: return ReviewState.allCases.filter { $0.stage != .closed }
        }
    }

    /// Queue items in the given states, urgent ones first, then oldest first. A department member only sees
    /// items forwarded to their department.
    public func entries(states: [ReviewState], for person: TeamMember? = nil, limit: Int = 1000) throws -> [QueueEntry] {
        try knowledgeBase.store.read { db in
            let departments: Store.DepartmentFilter = if let person, person.role == .department { .only(person.department) } else { .any }
            let entries = try Store.queueRows(db, states: states, departments: departments, limit: limit).map { try entry(db, row: $0) }
            return entries.filter(\.urgent) + entries.filter { !$0.urgent }
        }
    }

    /// The first item in the person's default queue that nobody else holds.
    public func nextItem(for person: TeamMember, states: [ReviewState]? = nil, skipping: Set<Int64> = []) throws -> QueueEntry? {
        try entries(states: states ?? Self.defaultStates(for: person.role), for: person).first { entry in
            guard !skipping.contains(entry.id) else { return false }
            return entry.claimedBy == nil || entry.claimedBy?.lowercased() == person.name.lowercased()
        }
    }

    /// One item's queue line: state, flags and top suggestion, without rendering replies or reading history.
    public func entry(_ id: Int64) throws -> QueueEntry {
        try knowledgeBase.store.read { db in
            guard let row = try Store.queueRow(db, id: id) else { throw ReviewError.unknownItem(id) }
            return try entry(db, row: row)
        }
    }

    /// One item as `person` may see it: a department member only what was forwarded to their department (nil: an
    /// unscoped internal read).
    ///
    /// - Throws: ``ReviewError/otherDepartment(person:department:)`` for an item of another department.
    public func item(_ id: Int64, for person: TeamMember?) throws -> ItemDetail {
        let detail = try item(id)
        if let person, person.role == .department, detail.entry.department != person.department {
            throw ReviewError.otherDepartment(person: person.name, department: detail.entry.department)
        }
        return detail
    }

    /// One item with its suggestions (rendered for the message's channel), notices and history.
    public func item(_ id: Int64) throws -> ItemDetail {
        try knowledgeBase.store.read { db in
            guard let row = try Store.queueRow(db, id: id) else { throw ReviewError.unknownItem(id) }
            let entry = try entry(db, row: row)
            var proposals: [ItemDetail.Proposal] = []
            for suggestion in try Store.suggestions(db, itemID: id) {
                var proposal = ItemDetail.Proposal(suggestion: suggestion, reply: nil, problem: nil, values: [], approval: .staff)
                if let current = try Store.currentSnippet(db, id: suggestion.snippetID) {
                    let known = ReplyRenderer.values(forAuthor: entry.author)
                    proposal.values = ReplyRenderer.messageValues(of: current.snippet).filter { known[$0] == nil }
                    proposal.approval = current.snippet.approval
                    proposal.draft = renderer.draft(current.snippet, values: known, channel: entry.channel)
                    do {
                        let rendered = try renderer.render(current.snippet, values: known, channel: entry.channel)
                        proposal.reply = rendered.text
                        proposal.usedShort = rendered.usedShort
                    } catch ReviewError.missingValues {
                        proposal.reply = renderer.preview(current.snippet, values: known, channel: entry.channel)
                        proposal.usedShort = proposal.reply != proposal.draft
                    } catch let error as ReviewError {
                        proposal.problem = error.description
                    }
                } else {
                    proposal.problem = ReviewError.unknownSnippet(suggestion.snippetID).description
                }
                proposals.append(proposal)
            }
            let byMeaning = Set(ItemRecord.meaningFlags(row.flags))
            let notices = entry.flags.compactMap { flag in
                triggers.category(flag).map {
                    ItemDetail.Notice(category: $0.id, label: $0.label, text: $0.notice, byMeaning: byMeaning.contains(flag) ? true : nil)
                }
            }
            return ItemDetail(
                entry: entry, externalID: row.externalId, isPublic: row.isPublic, replyTo: row.replyTo, proposals: proposals,
                notices: notices, replyText: row.replyText, snippetID: row.snippetId, snippetVersion: row.snippetVersion,
                preparedBy: row.preparedBy, history: try AuditTrail.entries(db, itemID: id),
                channelLimit: renderer.channels[entry.channel]?.maxLength, greetingName: AuthorName.salutation(for: entry.author),
                postID: row.platformPostId, postURL: row.platformPostUrl)
        }
    }

    /// Counts of items per state.
    public func stateCounts() throws -> [ReviewState: Int] {
        try knowledgeBase.store.stateCounts()
    }

    private func entry(_ db: any SQLSession, row: Store.QueueRow) throws -> QueueEntry {
        let flags = ItemRecord.flags(row.flags)
        let holder = (row.claimExpiresAt ?? "") > now ? row.claimedBy : nil
        return QueueEntry(
            id: row.id, state: row.state, revision: row.revision, channel: row.channel, author: row.author, receivedAt: row.receivedAt,
            flags: flags, text: row.text, top: try Store.suggestions(db, itemID: row.id, limit: 1).first, abstained: row.abstained,
            matched: row.matchedAt != nil, department: row.department, claimedBy: holder, note: row.note,
            urgent: flags.contains { triggers.category($0)?.notice != nil })
    }
}
