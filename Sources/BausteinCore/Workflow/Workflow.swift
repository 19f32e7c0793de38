import Foundation
import GRDB

/// The human-in-the-loop workflow over one knowledge base: intake, review, press approval, outbox and audit.
///
/// Every operation is one write transaction that checks the item's current state, the person's role and any
/// claim, changes the item, and appends to the audit trail; two people or processes can therefore never both
/// act on the same item. The command line and the webhook server call these operations; neither writes SQL.
public final class Workflow: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let matcher: Matcher
    public let configuration: WorkflowConfiguration
    public let triggers: EscalationTriggers
    public let renderer: ReplyRenderer
    /// The hash chain every action appends to, sealed with the deployment's key.
    public let audit: AuditTrail

    public var clock: WallClock { knowledgeBase.clock }

    public init(
        knowledgeBase: KnowledgeBase, resources: KnowledgeResources, configuration: WorkflowConfiguration,
        triggers: EscalationTriggers, meaning: MeaningChannel? = nil, auditKey: AuditKey? = nil
    ) throws {
        self.knowledgeBase = knowledgeBase
        self.matcher = try Matcher(knowledgeBase: knowledgeBase, synonyms: resources.synonyms, meaning: meaning)
        self.configuration = configuration
        self.triggers = triggers
        self.renderer = ReplyRenderer(facts: resources.authority, channels: configuration.channels)
        self.audit = AuditTrail(key: auditKey)
    }

    /// The team member acting, by name (case-insensitive).
    ///
    /// - Throws: ``ReviewError/noTeam`` when `baustein.yaml` lists nobody, ``ReviewError/unknownPerson(_:known:)``.
    public func person(named name: String) throws(ReviewError) -> TeamMember {
        guard !configuration.team.isEmpty else { throw .noTeam }
        guard let member = configuration.member(named: name) else {
            throw .unknownPerson(name, known: configuration.team.map(\.name))
        }
        return member
    }

    var now: String { Timestamp.format(clock.now()) }

    /// The current version of an active snippet, inside a transaction.
    func currentSnippet(_ db: Database, id: String) throws -> (snippet: Snippet, version: Int)? {
        try Store.currentSnippet(db, id: id)
    }
}
