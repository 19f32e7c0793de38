import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Posts approved replies to each channel's delivery URL, signed with HMAC-SHA256 (`X-Baustein-Signature`).
///
/// Each round hands the approved replies of configured channels over (`queued`) and takes a lease on the queued ones
/// that are due, in one transaction: of several servers on one database exactly one posts a reply. A 2xx answer marks
/// it sent; a failed attempt is recorded in the audit trail and the reply waits for the channel's backoff (doubling
/// each time, stored in the database, so a restart keeps it); after `tries` attempts it is marked failed. A server that
/// dies mid-attempt leaves its lease to run out, and the reply is posted again with the same `X-Baustein-Delivery` id,
/// so receivers can drop the repeat.
final class DeliveryService: Service, Sendable {
    private let workflow: Workflow
    private let targets: [String: ServerConfiguration.DeliveryTarget]
    private let secret: [UInt8]
    private let transport: any DeliveryTransport
    private let metrics: ServerMetrics
    private let logger: Logger
    private let pollInterval: Duration
    private let queue = BlockingQueue(label: "baustein.delivery")
    /// Who holds this server's leases (`serve:<host>:<pid>`).
    private let holder: String
    /// How long a lease lasts: twice the slowest channel's timeout and half a minute, so an attempt never outlives it.
    private let leaseSeconds: TimeInterval

    init(
        workflow: Workflow, targets: [String: ServerConfiguration.DeliveryTarget], secret: [UInt8], transport: any DeliveryTransport,
        metrics: ServerMetrics, logger: Logger, pollInterval: Duration = .seconds(1), holder: String
    ) {
        self.workflow = workflow
        self.targets = targets
        self.secret = secret
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
        self.pollInterval = pollInterval
        self.holder = holder
        leaseSeconds = 2 * (targets.values.map(\.timeoutSeconds).max() ?? 10) + 30
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.deliverDue()
                try await Task.sleep(for: self.pollInterval)
            }
        }
        await transport.shutdown()
    }

    /// One round: hand over approved replies, lease the queued ones that are due, and try each.
    func deliverDue() async {
        let workflow = self.workflow
        let channels = Set(targets.keys)
        let (holder, leaseSeconds) = (self.holder, self.leaseSeconds)
        let due: [OutboxEntry]
        do {
            due = try await queue.run { try workflow.takeDeliveries(channels: channels, holder: holder, leaseSeconds: leaseSeconds) }
        } catch {
            logger.error("delivery round failed", metadata: ["error.type": "\(type(of: error))"])
            return
        }
        for entry in due {
            guard !Task.isCancelled, let target = targets[entry.channel] else { continue }
            await attempt(entry, target: target)
        }
    }

    private func attempt(_ entry: OutboxEntry, target: ServerConfiguration.DeliveryTarget) async {
        let attempt = entry.attempts + 1
        let body: [UInt8]
        do {
            body = Array(try JSONResponse.encoder.encode(DeliveryPayload(entry, attempt: attempt)))
        } catch {
            return
        }
        let headers = [
            "Content-Type": JSONResponse.contentType,
            "X-Baustein-Signature": SignatureCheck.sign(body, key: secret),
            "X-Baustein-Delivery": String(entry.itemID),
            "X-Baustein-Attempt": String(attempt),
        ]
        let response = await transport.post(body, to: target.url, headers: headers, timeout: target.timeoutSeconds)
        let metadata: Logger.Metadata = ["item.id": "\(entry.itemID)", "delivery.channel": "\(entry.channel)", "delivery.attempt": "\(attempt)"]
        let workflow = self.workflow
        do {
            if response.isSuccess {
                try await queue.run { _ = try workflow.markSent(entry.itemID, by: Workflow.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "sent"])
                logger.info("reply delivered", metadata: metadata)
            } else if attempt >= target.tries {
                let reason = "\(response.problem ?? "Fehler") nach \(attempt) Versuchen"
                try await queue.run { _ = try workflow.markFailed(entry.itemID, reason: reason, by: Workflow.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "failed"])
                logger.warning("delivery gave up", metadata: metadata)
            } else {
                let reason = response.problem ?? "Fehler"
                let delay = target.delay(afterAttempts: attempt)
                let retryAt = workflow.clock.now().addingTimeInterval(delay)
                try await queue.run { _ = try workflow.recordFailedAttempt(entry.itemID, reason: reason, retryAt: retryAt, by: Workflow.deliveryActor) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "retry"])
                logger.notice("delivery will be retried", metadata: metadata.merging(["delivery.retry_in_s": "\(delay)"]) { $1 })
            }
        } catch {
            // Someone else changed the item meanwhile (e.g. `baustein outbox mark-sent`); the next round sees it.
            logger.warning("delivery outcome not recorded", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
        }
    }
}
