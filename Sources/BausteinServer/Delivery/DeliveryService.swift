import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Posts approved replies to each channel's delivery URL, signed with HMAC-SHA256 (`X-Baustein-Signature`).
///
/// Approved replies of configured channels are handed over (`queued`), posted, and marked sent on a 2xx answer.
/// A failed attempt is recorded in the audit trail and retried after the channel's backoff (doubling each time);
/// after `tries` attempts the reply is marked failed. A reply still queued after a restart is posted again with
/// the same `X-Baustein-Delivery` id, so receivers can drop the repeat.
final class DeliveryService: Service, Sendable {
    private let workflow: Workflow
    private let targets: [String: ServerConfiguration.DeliveryTarget]
    private let secret: [UInt8]
    private let transport: any DeliveryTransport
    private let metrics: ServerMetrics
    private let logger: Logger
    private let pollInterval: Duration
    private let queue = BlockingQueue(label: "baustein.delivery")
    /// When each item may be tried next (after a failed attempt).
    private let notBefore = Locked<[Int64: ContinuousClock.Instant]>([:])

    init(
        workflow: Workflow, targets: [String: ServerConfiguration.DeliveryTarget], secret: [UInt8], transport: any DeliveryTransport,
        metrics: ServerMetrics, logger: Logger, pollInterval: Duration = .seconds(1)
    ) {
        self.workflow = workflow
        self.targets = targets
        self.secret = secret
        self.transport = transport
        self.metrics = metrics
        self.logger = logger
        self.pollInterval = pollInterval
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.deliverDue()
                try await Task.sleep(for: self.pollInterval)
            }
        }
    }

    /// One round: hand over approved replies, then try every queued reply that is due.
    func deliverDue() async {
        let workflow = self.workflow
        let channels = Set(targets.keys)
        let queued: [OutboxEntry]
        do {
            queued = try await queue.run {
                _ = try workflow.exportOutbox(channels: channels, by: Workflow.deliveryActor)
                return try workflow.queuedDeliveries(channels: channels)
            }
        } catch {
            logger.error("delivery round failed", metadata: ["error.type": "\(type(of: error))"])
            return
        }
        let now = ContinuousClock.now
        for entry in queued where notBefore.withLock({ $0[entry.itemID] ?? now }) <= now {
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
                notBefore.withLock { $0[entry.itemID] = nil }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "sent"])
                logger.info("reply delivered", metadata: metadata)
            } else if attempt >= target.tries {
                let reason = "\(response.problem ?? "Fehler") nach \(attempt) Versuchen"
                try await queue.run { _ = try workflow.markFailed(entry.itemID, reason: reason, by: Workflow.deliveryActor) }
                notBefore.withLock { $0[entry.itemID] = nil }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "failed"])
                logger.warning("delivery gave up", metadata: metadata)
            } else {
                let reason = response.problem ?? "Fehler"
                let attempts = try await queue.run { try workflow.recordFailedAttempt(entry.itemID, reason: reason, by: Workflow.deliveryActor) }
                let delay = target.delay(afterAttempts: attempts)
                notBefore.withLock { $0[entry.itemID] = .now + .milliseconds(Int64(delay * 1000)) }
                metrics.increment(.deliveries, ["channel": entry.channel, "outcome": "retry"])
                logger.notice("delivery will be retried", metadata: metadata.merging(["delivery.retry_in_s": "\(delay)"]) { $1 })
            }
        } catch {
            // Someone else changed the item meanwhile (e.g. `baustein outbox mark-sent`); the next round sees it.
            logger.warning("delivery outcome not recorded", metadata: metadata.merging(["error.type": "\(type(of: error))"]) { $1 })
        }
    }
}
