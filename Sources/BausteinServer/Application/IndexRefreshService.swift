import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps this server's matching index up to the database it shares with other servers (PostgreSQL): a sync or a
/// confirmation on any of them reaches this one within ``interval``. Runs only when the workflow's store is shared;
/// with the SQLite file alone the index is the store.
final class IndexRefreshService: Service, Sendable {
    private let workflow: Workflow
    private let interval: Duration
    private let logger: Logger
    private let queue = BlockingQueue(label: "baustein.index-refresh")

    init(workflow: Workflow, interval: Duration, logger: Logger) {
        self.workflow = workflow
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                let knowledgeBase = self.workflow.knowledgeBase
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
                try await Task.sleep(for: self.interval)
            }
        }
    }
}
