import BausteinCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Matches stored messages in the background, so that a webhook is acknowledged as soon as its messages are
/// durable; suggestions follow within milliseconds (`baustein_match_delay_seconds`).
final class MatchingService: Service, Sendable {
    private let workflow: Workflow
    private let metrics: ServerMetrics
    private let logger: Logger
    private let batchSize: Int
    private let queue = BlockingQueue(label: "baustein.matching")
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakeUps: AsyncStream<Void>
    /// When the oldest commit that is not matched yet happened.
    private let unmatchedSince = Mutex<ContinuousClock.Instant?>(nil)

    init(workflow: Workflow, metrics: ServerMetrics, logger: Logger, batchSize: Int) {
        self.workflow = workflow
        self.metrics = metrics
        self.logger = logger
        self.batchSize = batchSize
        (wakeUps, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the service that new messages were committed.
    func notify() {
        unmatchedSince.withLock { since in if since == nil { since = .now } }
        wakeUp.yield()
    }

    func run() async throws {
        // Matching what is pending first covers messages stored before a restart.
        var wakeUps = self.wakeUps.cancelOnGracefulShutdown().makeAsyncIterator()
        repeat {
            await matchAll()
        } while await wakeUps.next() != nil
    }

    /// Matches until nothing is pending, or until the server shuts down: then it stops between batches, and what is
    /// left is matched after the restart (a backlog of thousands would otherwise hold the shutdown for minutes).
    private func matchAll() async {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = ContinuousClock.now
            let matched: Int
            do {
                let workflow = self.workflow
                let limit = batchSize
                matched = try await queue.run { try workflow.intake.matchPending(limit: limit, priority: .background) }
            } catch {
                logger.error("matching failed", metadata: ["error.type": "\(type(of: error))"])
                return
            }
            if matched > 0 {
                let seconds = Self.seconds(ContinuousClock.now - started) / Double(matched)
                for _ in 0..<matched { metrics.observe(.matchSeconds, seconds: seconds) }
                logger.debug("matched", metadata: ["match.count": "\(matched)"])
            }
            if matched < batchSize {
                if let since = unmatchedSince.withLock({ $0.take() }) {
                    metrics.observe(.matchDelaySeconds, seconds: Self.seconds(ContinuousClock.now - since))
                }
                return
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
