import BausteinCore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps this server's matching index up to the database it shares with other servers (PostgreSQL): a sync or a
/// confirmation on any of them is announced when it commits (`NOTIFY`) and copied here at once; a refresh every
/// ``interval`` covers a notification that was lost. Runs only when the workflow's store is shared; with the SQLite
/// file alone the index is the store.
final class IndexRefreshService: Service, Sendable {
    private let workflow: Workflow
    private let interval: Duration
    private let logger: Logger
    private let queue = BlockingQueue(label: "baustein.index-refresh")
    /// Set by a notification, taken by the loop.
    private let announced = Mutex(false)

    init(workflow: Workflow, interval: Duration, logger: Logger) {
        self.workflow = workflow
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        let knowledgeBase = workflow.knowledgeBase
        let observation: (any SharedChangeObservation)?
        do {
            observation = try knowledgeBase.observeSharedChanges { [weak self] in self?.announced.withLock { $0 = true } }
        } catch {
            logger.warning("no change notifications, refreshing every interval", metadata: ["error.type": "\(type(of: error))"])
            observation = nil
        }
        defer { observation?.stop() }
        try? await cancelWhenGracefulShutdown {
            var failing = false
            var checkFailing = false
            while !Task.isCancelled {
                do {
                    if try await self.queue.run({ try knowledgeBase.refreshIndex() }) {
                        self.logger.info("index refreshed from the shared database")
                    }
                    if failing { self.logger.notice("shared database reachable again") }
                    failing = false
                } catch {
                    // Logged once per outage, not every interval: the index stays as it was meanwhile.
                    if !failing { self.logger.error("index refresh failed", metadata: ["error.type": "\(type(of: error))"]) }
                    failing = true
                }
                do {
                    // The example check belongs to this server's index: run it when the snippets changed (or at start).
                    if let check = try await self.queue.run({ try self.workflow.matcher.checkExamplesIfStale() }) {
                        self.logger.info(
                            "example check run", metadata: ["asked": "\(check.outcomes.count)", "right": "\(check.right)"])
                    }
                    checkFailing = false
                } catch {
                    // Until it runs, confidences follow the fitted model and the confirmations; tried again every interval.
                    if !checkFailing {
                        self.logger.warning("example check failed", metadata: ["error.type": "\(type(of: error))"])
                    }
                    checkFailing = true
                }
                try await self.waitForChange()
            }
        }
    }

    /// Returns after a notification, or after the interval.
    private func waitForChange() async throws {
        let step = Duration.milliseconds(50)
        var waited = Duration.zero
        while waited < interval {
            if announced.withLock({ value in
                defer { value = false }; return value
            }) {
                return
            }
            try await Task.sleep(for: step)
            waited += step
        }
    }
}
