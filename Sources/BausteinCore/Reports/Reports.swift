import Foundation

/// The press office's reports (gaps, service figures, stale snippets, usage), read from the database and nothing else:
/// they need no matcher, no meaning channel and no team, and they never write.
public struct Reports: Sendable {
    /// The database, read only: a report cannot write.
    let store: StoreReader
    let clock: WallClock
    /// The escalation categories, whose suggestion policies decide which messages are no gaps.
    let triggers: EscalationTriggers

    public init(knowledgeBase: KnowledgeBase, clock: WallClock, triggers: EscalationTriggers) {
        self.store = knowledgeBase.store.reader
        self.clock = clock
        self.triggers = triggers
    }
}

extension Workflow {
    /// The reports over this workflow's database.
    public var reports: Reports { Reports(knowledgeBase: knowledgeBase, clock: clock, triggers: triggers) }
}
