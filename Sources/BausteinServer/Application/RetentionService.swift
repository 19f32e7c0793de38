import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs retention on a schedule (`retention` in `baustein.yaml`, once at start and then daily), so that a citizen's
/// words are gone after the period without anyone remembering `baustein purge`. Each run that removes something is an
/// audit row (`purge`, by `retention`); every run is recorded for `baustein report service`.
final class RetentionService: Service, Sendable {
    /// The actor retention records in the audit trail.
    static let actor = TeamMember.system("retention")

    private let workflow: Workflow
    private let interval: Duration
    private let logger: Logger
    private let queue = BlockingQueue(label: "baustein.retention")

    init(workflow: Workflow, interval: Duration, logger: Logger) {
        self.workflow = workflow
        self.interval = interval
        self.logger = logger
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.purgeNow()
                try await Task.sleep(for: self.interval)
            }
        }
    }

    /// One retention run now.
    func purgeNow() async {
        let workflow = self.workflow
        do {
            let report = try await queue.run {
                try workflow.retention.purge(olderThan: Double(workflow.configuration.retentionDays) * 86_400, dryRun: false, by: Self.actor)
            }
            logger.info(
                "retention ran",
                metadata: ["retention.items": "\(report.itemIDs.count)", "retention.phrasings": "\(report.learnedPhrasings)", "retention.cutoff": "\(report.cutoff)"])
        } catch {
            logger.error("retention failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}
