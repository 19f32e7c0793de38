import Foundation
import Synchronization

/// Flags a message by meaning, where its words hit no trigger: a press inquiry that says "Reportage" and "O-Ton", a
/// threat without a threatening word, a fall at home without "Notfall".
///
/// A category is known by its example messages (`~` lines in `knowledge/escalation.txt`) and by the snippets that
/// answer it (`answers:`). A message is flagged for the category when it is close in meaning to one of those (above
/// ``closeness``) and closer to it than to any other snippet of the base by more than ``margin``: the comparison with
/// the base's own snippets keeps a citizen's question that the base answers unflagged on any base, the closeness keeps
/// a question about something the base does not cover unflagged. Flagging only ever adds care (the press office's
/// approval, the category's notice and suggestion policy); it never removes a flag the words set.
public final class EscalationSense: Sendable {
    public let triggers: EscalationTriggers
    let channel: MeaningChannel
    /// How much closer (cosine) the message must be to the category than to the closest other snippet.
    public let margin: Double
    /// How close (cosine) the message must be to the category at all: a question about something the base does not
    /// cover is far from all of it, and which of its far neighbours is a category's is chance.
    public let closeness: Double
    private let examples = Mutex<[String: [[Float]]]?>(nil)

    /// Chosen on example messages and on the three `make eval` bases' own questions (see README, "Flagged by meaning").
    public static let defaultMargin = 0.0
    /// For an urgent category (one with a notice: an emergency, self-harm) the message may be this much less close to it
    /// than to the closest other snippet: missing such a message costs more than a notice too many. On the starter base
    /// (whose snippets about deaths, housing and social help sit near despair) the held-out self-harm and emergency
    /// messages were flagged for their category 6 times of 14 at 0 and 10 at 0.01, for 8 more of 685 foreign questions
    /// with an urgent flag (12 → 20); covidqa-de and integreat-de moved by one question each.
    public static let urgentAllowance = 0.01
    /// On e5's scale (a question and a passage about the same thing sit near 0.9, unrelated ones near 0.8): between the
    /// other bases' questions' closeness to the categories (90 % below 0.833–0.851 on the three `make eval` bases) and
    /// the delicate messages' (90 % above 0.855–0.860).
    public static let defaultCloseness = 0.85

    /// One category a message was flagged for, and by how much it was closer to it than to the rest of the base.
    public struct Hit: Sendable, Equatable {
        public var category: String
        public var lead: Double

        /// The lead as staff read it (audit trail, `baustein ask`): "0,114 näher als am nächsten anderen Textbaustein".
        public var leadText: String { "\(GermanNumber.decimal(lead, digits: 3)) näher als am nächsten anderen Textbaustein" }
    }

    public init(
        triggers: EscalationTriggers, channel: MeaningChannel, margin: Double = defaultMargin, closeness: Double = defaultCloseness
    ) {
        self.triggers = triggers
        self.channel = channel
        self.margin = margin
        self.closeness = closeness
    }

    /// The sense for what `matcher` ranks with: nil when it does not use the meaning channel (then only words flag).
    public static func of(_ matcher: Matcher, triggers: EscalationTriggers) -> EscalationSense? {
        guard matcher.weights.meaning > 0, let channel = matcher.meaning else { return nil }
        return EscalationSense(triggers: triggers, channel: channel)
    }

    /// The categories the message is close to (``closeness``) and closer to than to the rest of the base by more than
    /// the margin, closest first.
    public func hits(for text: String, in knowledgeBase: KnowledgeBase) throws -> [Hit] {
        guard let measured = try channel.closeness(of: text, in: knowledgeBase, examples: try exampleVectors()),
            let neutral = measured.neutral
        else { return [] }
        return measured.categories.compactMap { category, value -> Hit? in
            // A snippet may answer a category the file does not (or no longer) define: no flag without its rules.
            guard let rules = triggers.category(category), value > closeness else { return nil }
            let bar = rules.notice == nil ? margin : margin - Self.urgentAllowance
            guard value - neutral > bar else { return nil }
            return Hit(category: category, lead: value - neutral)
        }.sorted { ($0.lead, $1.category) > ($1.lead, $0.category) }
    }

    /// The example messages' vectors per category, embedded once per process (the vector store keeps them until a sync
    /// prunes what no snippet has).
    private func exampleVectors() throws -> [String: [[Float]]] {
        if let known = examples.withLock({ $0 }) { return known }
        let withExamples = triggers.categories.filter { !$0.examples.isEmpty }
        let vectors = try channel.exampleVectors(withExamples.flatMap(\.examples))
        var byCategory: [String: [[Float]]] = [:]
        var next = 0
        for category in withExamples {
            byCategory[category.id] = Array(vectors[next..<(next + category.examples.count)])
            next += category.examples.count
        }
        examples.withLock { $0 = byCategory }
        return byCategory
    }
}
