import Foundation
import GRDB

/// What intake did with one message.
public struct IntakeReceipt: Sendable, Hashable, Codable {
    /// The queue item (the same number for a repeated delivery of a stored message).
    public var itemID: Int64
    /// True when this (channel, id) was already stored; nothing new was written.
    public var duplicate: Bool
    public var channel: String
    public var externalID: String?
    /// Escalation categories the message hit (`knowledge/escalation.txt`).
    public var flags: [String]
}

/// Messages in: stored durably (repeats recognised by their platform id), flagged by the escalation categories, and
/// matched afterwards from the match queue (``matchPending(limit:priority:)``).
public struct Intake: Sendable {
    let knowledgeBase: KnowledgeBase
    let configuration: WorkflowConfiguration
    let triggers: EscalationTriggers
    let audit: AuditTrail
    /// The matcher that fills the suggestions of stored messages.
    public let matcher: Matcher
    /// Flags by meaning what the trigger words missed, when the matcher ranks with the meaning channel
    /// (``EscalationSense/of(_:triggers:)``).
    let sense: EscalationSense?

    var now: String { Timestamp.format(knowledgeBase.clock.now()) }
}

extension Intake {
    /// The actor that intake records in the audit trail.
    static let intakeActor = "intake"

    /// Stores messages as open queue items, all in one transaction: either every message is stored (or recognised
    /// as a repeat of a stored one) or none is.
    ///
    /// Matching is separate (``matchPending(limit:)``), so that a busy webhook can acknowledge as soon as the
    /// messages are durable.
    ///
    /// - Throws: ``IntakeError`` for a message that fails ``IncomingMessage/validate(_:)``; nothing is stored then.
    @discardableResult
    public func accept(_ messages: [IncomingMessage]) throws -> [IntakeReceipt] {
        for message in messages { try message.validate(configuration) }
        let now = self.now
        return try knowledgeBase.store.write { db in
            try messages.map { message in try store(db, message, at: now) }
        }
    }

    func store(_ db: any SQLSession, _ message: IncomingMessage, at now: String) throws -> IntakeReceipt {
        // Looked up before inserting, so that a repeated delivery does not use up an item number; in SQLite the write
        // transaction keeps this race-free. Several servers on one PostgreSQL database can still race: the insert then
        // does nothing on the unique key, and the message the other one stored is found and answered as a duplicate.
        // Per intake path; rows stored before paths were recorded (source '') count for every path.
        func stored() throws -> IntakeReceipt? {
            guard let externalID = message.externalID,
                let stored = try Store.storedMessage(db, channel: message.channel, externalID: externalID, source: message.source)
            else { return nil }
            return IntakeReceipt(itemID: stored.itemID, duplicate: true, channel: message.channel, externalID: externalID, flags: stored.flags)
        }
        if let receipt = try stored() { return receipt }
        let textHash = Hashing.sha256Hex(of: message.text)
        let flags = triggers.categories(hitBy: message.text).map(\.id)
        guard
            let id = try Store.insertMessage(
                db, message, textHash: textHash, flags: flags, receivedAt: message.receivedAt.map(Timestamp.format) ?? now, at: now)
        else {
            guard let receipt = try stored() else { throw StorageError.concurrentMessage(channel: message.channel) }
            return receipt
        }
        try audit.append(
            db,
            AuditEntry(
                at: now, actor: Self.intakeActor, role: .system, itemID: id, action: .review(.receive),
                toState: .open, note: flags.isEmpty ? message.channel : "\(message.channel); Hinweise: \(flags.joined(separator: ", "))",
                messageHash: textHash))
        return IntakeReceipt(itemID: id, duplicate: false, channel: message.channel, externalID: message.externalID, flags: flags)
    }

    /// Matches items that have no suggestions yet and stores their ranked suggestions.
    ///
    /// Safe to call from several processes at once: an item matched meanwhile by another is left alone.
    /// - Returns: the number of items matched.
    @discardableResult
    public func matchPending(limit: Int = 500, priority: WorkPriority = .normal) throws -> Int {
        if knowledgeBase.store.isShared { return try matchPendingShared(limit: limit, priority: priority) }
        let (pending, guide) = try knowledgeBase.store.read { db in
            let pending = try Store.unmatchedItems(db, limit: limit)
            let guided = sense != nil || pending.contains { !$0.flags.isEmpty }
            return (pending, guided ? try SuggestionGuide.load(db, triggers: triggers) : nil)
        }
        guard !pending.isEmpty else { return 0 }
        let results = try match(pending, guide: guide, priority: priority)
        let now = self.now
        var matched = 0
        // Short write transactions: webhook intake waits for the same single writer, and one transaction for a
        // whole backlog batch would hold every acknowledgement behind it.
        for start in stride(from: 0, to: results.count, by: Self.matchWriteChunk) {
            matched += try knowledgeBase.store.write { db in
                try record(db, results[start..<min(start + Self.matchWriteChunk, results.count)], at: now)
            }
        }
        return matched
    }

    /// ``matchPending(limit:priority:)`` on a database several servers share: each transaction claims up to a chunk of
    /// unmatched items that no other server holds (`SKIP LOCKED`), matches them and stores the results before it ends,
    /// so that every item is matched once, by whichever server claimed it.
    private func matchPendingShared(limit: Int, priority: WorkPriority) throws -> Int {
        // Matched on the snippets and learned phrasings as they are now, also when another server just changed them.
        knowledgeBase.followSharedChange()
        var matched = 0
        while matched < limit {
            let (claimed, stored, flagged) = try knowledgeBase.store.writeWithoutChainLock { db -> (Int, Int, [Matched]) in
                let pending = try Store.unmatchedItems(db, limit: min(Self.matchWriteChunk, limit - matched), claim: true)
                guard !pending.isEmpty else { return (0, 0, []) }
                let guided = sense != nil || pending.contains { !$0.flags.isEmpty }
                let guide = guided ? try SuggestionGuide.load(db, triggers: triggers) : nil
                let results = try match(pending, guide: guide, priority: priority)
                // An item flagged by meaning gets an audit row, which needs the chain's lock: this transaction holds row
                // locks and must not wait for it (see Store.write). Such items are stored after it, under the lock; one
                // that another server matched meanwhile is left alone then.
                let plain = results.filter { $0.added.isEmpty }
                return (pending.count, try record(db, plain[...], at: now), results.filter { !$0.added.isEmpty })
            }
            matched += stored
            if !flagged.isEmpty {
                matched += try knowledgeBase.store.write { db in try record(db, flagged[...], at: now) }
            }
            if claimed < Self.matchWriteChunk { break }
        }
        return matched
    }

    /// One item's match: the result, the matched words as JSON per suggestion, and the categories the message was
    /// flagged for by meaning on top of those its words hit (``EscalationSense``).
    struct Matched {
        var id: Int64
        var result: MatchResult
        var reasons: [String]
        /// The categories its words hit, and those added by meaning.
        var words: [String]
        var added: [EscalationSense.Hit]
    }

    /// The matcher's suggestions for these items, with the matched words as JSON, on all cores.
    private func match(
        _ pending: [(id: Int64, flags: [String], text: String)], guide: SuggestionGuide?, priority: WorkPriority
    ) throws -> [Matched] {
        let matcher = self.matcher
        // The meaning channel's question vectors first, for the whole batch at once on all cores: most of a match's time.
        if matcher.weights.meaning > 0 { try matcher.meaning?.embedQueries(pending.map(\.text), priority: priority) }
        // Matching is CPU-bound and the matcher is safe to share; a backlog after a webhook flood clears on all cores.
        let knowledgeBase = self.knowledgeBase
        let sense = self.sense
        return try pending.parallelMap(priority: priority) { item in
            // What the words missed, by meaning; the words' flags stay whatever the meaning says.
            let added = try sense?.hits(for: item.text, in: knowledgeBase).filter { !item.flags.contains($0.category) } ?? []
            let flags = item.flags + added.map(\.category)
            var result: MatchResult
            if let guide, guide.policy(for: flags) != nil {
                // A flagged message is matched with its category in mind (SuggestionGuide).
                result = try matcher.match(item.text, limit: SuggestionGuide.widerLimit)
                (result.suggestions, result.abstained) = guide.guide(result, flags: flags, limit: 3)
            } else {
                result = try matcher.match(item.text, limit: 3)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let reasons = try result.suggestions.map { String(decoding: try encoder.encode($0.reasons), as: UTF8.self) }
            return Matched(id: item.id, result: result, reasons: reasons, words: item.flags, added: added)
        }
    }

    /// Stores match results in the caller's transaction, except for items matched meanwhile; an item flagged by meaning
    /// gets its new flags and an audit row that says why.
    ///
    /// - Returns: how many were stored.
    private func record(_ db: any SQLSession, _ results: ArraySlice<Matched>, at now: String) throws -> Int {
        var matched = 0
        for item in results {
            guard try Store.recordMatch(db, item: item.id, item.result, at: now) else { continue }
            matched += 1
            for (rank, suggestion) in item.result.suggestions.enumerated() {
                try Store.insertSuggestion(db, item: item.id, rank: rank + 1, suggestion, reasons: item.reasons[rank])
            }
            guard !item.added.isEmpty else { continue }
            try Store.addMeaningFlags(db, item: item.id, words: item.words, meaning: item.added.map(\.category))
            let leads = item.added.map { "\($0.category) (\($0.leadText))" }
            try audit.append(
                db,
                AuditEntry(
                    at: now, actor: Self.intakeActor, role: .system, itemID: item.id, action: .flag,
                    note: "Hinweise nach Bedeutung: \(leads.joined(separator: ", "))"))
        }
        return matched
    }

    /// Matched items stored per write transaction.
    static let matchWriteChunk = 50
}
