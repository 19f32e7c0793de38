import Foundation

/// The composition root over one knowledge base: it builds the matcher, the renderer and the audit chain once and hands
/// each service only what it needs. The command line and the server reach the flow through these services:
///
/// snippets → knowledge base → matcher → ``Intake`` → ``ReviewService`` / ``ReviewQueue`` → ``Outbox`` →
/// ``Reports``, with ``Retention`` and the ``AuditLog`` beside them.
public final class Workflow: Sendable {
    public let knowledgeBase: KnowledgeBase
    public let matcher: Matcher
    public let configuration: WorkflowConfiguration
    public let triggers: EscalationTriggers
    public let renderer: ReplyRenderer

    /// Messages in, and the match queue.
    public let intake: Intake
    /// Actions on items, claims and the approval rules.
    public let review: ReviewService
    /// What a person sees.
    public let queue: ReviewQueue
    /// Approved replies on their way out.
    public let outbox: Outbox
    /// The retention purge, and an author's export and erasure.
    public let retention: Retention
    /// Reading, checking, sealing and anchoring the audit trail.
    public let auditLog: AuditLog

    public var clock: WallClock { knowledgeBase.clock }

    public init(
        knowledgeBase: KnowledgeBase, resources: KnowledgeResources, configuration: WorkflowConfiguration,
        triggers: EscalationTriggers, meaning: MeaningChannel? = nil, auditKey: AuditKey? = nil
    ) throws {
        self.knowledgeBase = knowledgeBase
        // The same matcher `baustein ask` and `baustein eval` measure: curated synonyms and the general thesaurus.
        let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: resources, meaning: meaning)
        self.matcher = matcher
        self.configuration = configuration
        self.triggers = triggers
        let renderer = ReplyRenderer(facts: resources.authority, channels: configuration.channels)
        self.renderer = renderer
        // The hash chain every service appends to, sealed with the deployment's key.
        let audit = AuditTrail(key: auditKey)
        let review = ReviewService(knowledgeBase: knowledgeBase, configuration: configuration, renderer: renderer, audit: audit)
        self.review = review
        self.intake = Intake(
            knowledgeBase: knowledgeBase, configuration: configuration, triggers: triggers, audit: audit, matcher: matcher,
            sense: EscalationSense.of(matcher, triggers: triggers))
        self.queue = ReviewQueue(knowledgeBase: knowledgeBase, renderer: renderer, triggers: triggers)
        self.outbox = Outbox(review: review)
        self.retention = Retention(knowledgeBase: knowledgeBase, audit: audit)
        self.auditLog = AuditLog(knowledgeBase: knowledgeBase, audit: audit)
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

    /// Whether the database answers a trivial query (the server's readiness).
    public func isDatabaseReachable() -> Bool {
        knowledgeBase.store.isReachable()
    }
}
