import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Posts approved replies through each channel's route: a signed POST to a bridge or the platform's own API.
///
/// Each round hands the approved replies of routed channels over (`queued`) and takes a lease on the queued ones that
/// are due, in one transaction: of several servers on one database exactly one posts a reply. Before posting, the start
/// of the attempt is committed; the platform's answer (its post's id and link) is recorded with `sent`. A server killed
/// mid-attempt leaves an attempt without an outcome: when the lease runs out, a platform that drops repeats (Mastodon's
/// idempotency key, a bridge's delivery id) gets the reply again; any other is not posted twice but handed to staff as
/// failed ("Zustellung unklar"). A failed attempt waits for the backoff (doubling, or what the platform asks for, kept in
/// the database); after `tries` attempts, or on an answer that retrying cannot change, the reply is failed with a German
/// reason staff can act on.
final class DeliveryService: Service, Sendable {
    private let workflow: Workflow
    private let routes: [String: DeliveryRoute]
    private let metrics: ServerMetrics
    private let logger: Logger
    private let pollInterval: Duration
    private let queue = BlockingQueue(label: "baustein.delivery")
    /// Who holds this server's leases (`serve:<host>:<pid>`).
    private let holder: String
    /// How long a lease lasts: twice the slowest channel's timeout and ten seconds, so an attempt never outlives it.
    private let leaseSeconds: TimeInterval

    /// Why a reply whose attempt got no answer after it was sent is not posted again.
    static func unknownOutcome(_ reason: String) -> String {
        "Zustellung unklar: \(reason), nachdem die Antwort abgeschickt war; sie kann angekommen sein. "
            + "Bitte auf der Plattform prüfen, ob die Antwort angekommen ist; dann 'baustein outbox mark-sent ID' oder 'baustein outbox retry ID'."
    }

    /// Why a reply whose attempt never reported back is not posted again.
    static let inDoubt =
        "Zustellung unklar: ein Versuch wurde abgebrochen (Server beendet), bevor die Plattform antwortete. "
        + "Bitte auf der Plattform prüfen, ob die Antwort angekommen ist; dann 'baustein outbox mark-sent ID' oder 'baustein outbox retry ID'."

    init(workflow: Workflow, routes: [String: DeliveryRoute], metrics: ServerMetrics, logger: Logger, pollInterval: Duration, holder: String) {
        self.workflow = workflow
        self.routes = routes
        self.metrics = metrics
        self.logger = logger
        self.pollInterval = pollInterval
        self.holder = holder
        leaseSeconds = 2 * (routes.values.map(\.target.timeoutSeconds).max() ?? 10) + 10
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.deliverDue()
                try await Task.sleep(for: self.pollInterval)
            }
        }
    }

    /// One round: hand over approved replies, lease the queued ones that are due, and try each.
    func deliverDue() async {
        let workflow = self.workflow
        let channels = Set(routes.keys)
        let (holder, leaseSeconds) = (self.holder, self.leaseSeconds)
        let due: [OutboxEntry]
        do {
            due = try await queue.run { try workflow.outbox.takeDeliveries(channels: channels, holder: holder, leaseSeconds: leaseSeconds) }
        } catch {
            logger.error("delivery round failed", metadata: ["error.type": "\(type(of: error))"])
            return
        }
        for entry in due {
            guard !Task.isCancelled, let route = routes[entry.channel] else { continue }
            await attempt(entry, route: route)
        }
    }

    private func attempt(_ entry: OutboxEntry, route: DeliveryRoute) async {
        let attempt = entry.attempts + 1
        let metadata: Logger.Metadata = [
            "item.id": "\(entry.itemID)", "delivery.channel": "\(entry.channel)", "delivery.platform": "\(route.target.platform.name)",
            "delivery.attempt": "\(attempt)",
        ]
        let workflow = self.workflow
        let holder = self.holder
        do {
            if entry.inDoubt, !route.delivery.repeatable {
                try await queue.run { _ = try workflow.outbox.markFailed(entry.itemID, reason: Self.inDoubt, by: Outbox.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "in_doubt"])
                logger.warning("delivery outcome unknown after a crash, handed to staff", metadata: metadata)
                return
            }
            try await queue.run { try workflow.outbox.startDeliveryAttempt(entry.itemID, holder: holder) }
            var outcome = await route.delivery.deliver(entry, attempt: attempt, timeout: route.target.timeoutSeconds)
            // A platform that drops repeats simply gets an attempt without an answer again.
            if case .unknown(let reason) = outcome, route.delivery.repeatable { outcome = .retry(reason: reason, after: nil) }
            switch outcome {
            case .sent(let postID, let url):
                try await queue.run { _ = try workflow.outbox.markSent(entry.itemID, postID: postID, postURL: url, by: Outbox.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "sent"])
                logger.info("reply delivered", metadata: metadata)
            case .failed(let reason):
                try await queue.run { _ = try workflow.outbox.markFailed(entry.itemID, reason: reason, by: Outbox.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "failed"])
                logger.warning("delivery refused by the platform", metadata: metadata)
            case .unknown(let reason):
                try await queue.run {
                    _ = try workflow.outbox.markFailed(entry.itemID, reason: Self.unknownOutcome(reason), by: Outbox.deliveryActor)
                }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "in_doubt"])
                logger.warning("delivery outcome unknown after the request was sent, handed to staff", metadata: metadata)
            case .retry(let reason, _) where attempt >= route.target.tries:
                let final = "\(reason) nach \(attempt) Versuchen"
                try await queue.run { _ = try workflow.outbox.markFailed(entry.itemID, reason: final, by: Outbox.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "failed"])
                logger.warning("delivery gave up", metadata: metadata)
            case .retry(let reason, let after):
                let delay = after.map { min(max($0, 0), 3600) } ?? route.target.delay(afterAttempts: attempt)
                let retryAt = workflow.clock.now().addingTimeInterval(delay)
                try await queue.run {
                    _ = try workflow.outbox.recordFailedAttempt(entry.itemID, reason: reason, retryAt: retryAt, by: Outbox.deliveryActor)
                }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "retry"])
                logger.notice("delivery will be retried", metadata: metadata.merging(["delivery.retry_in_s": "\(delay)"]) { $1 })
            }
        } catch {
            // Someone else changed the item meanwhile (e.g. `baustein outbox mark-sent`); the next round sees it.
            logger.warning("delivery outcome not recorded", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
        }
    }

    /// What each approved or queued reply of a routed channel would become (`baustein deliver --dry-run`).
    static func plans(for entries: [OutboxEntry], routes: [String: DeliveryRoute]) -> [DeliveryPlan] {
        entries.compactMap { entry in routes[entry.channel].map { $0.delivery.plan(entry) } }
    }
}
