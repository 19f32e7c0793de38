import BausteinCore
import Dispatch
import Foundation
import Synchronization

/// Group commit for webhook intake: requests that arrive while a commit is running are stored together in the
/// next one (each request in its own savepoint, see ``Intake/accept(groups:)``), so a burst costs one disk sync
/// instead of one per request. Each caller resumes only after the commit that holds its messages.
final class IntakeCommitter: Sendable {
    private struct Job: Sendable {
        var messages: [IncomingMessage]
        var continuation: CheckedContinuation<[IntakeReceipt], any Error>
    }

    private struct State: Sendable {
        var jobs: [Job] = []
        var draining = false
    }

    /// Most requests in one commit; keeps a single transaction short under a flood.
    static let maxGroup = 256

    private let workflow: Workflow
    private let metrics: ServerMetrics
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "baustein.intake")
    /// Called after every commit that stored something (wakes the matcher).
    private let onCommit: @Sendable () -> Void

    init(workflow: Workflow, metrics: ServerMetrics, onCommit: @escaping @Sendable () -> Void) {
        self.workflow = workflow
        self.metrics = metrics
        self.onCommit = onCommit
    }

    /// Stores one request's messages all-or-nothing; returns once they are committed.
    ///
    /// - Throws: ``IntakeError`` for an invalid message (nothing of this request is stored), or a database error.
    func accept(_ messages: [IncomingMessage]) async throws -> [IntakeReceipt] {
        try await withCheckedThrowingContinuation { continuation in
            let start = state.withLock { state in
                state.jobs.append(Job(messages: messages, continuation: continuation))
                defer { state.draining = true }
                return !state.draining
            }
            if start { queue.async { self.drain() } }
        }
    }

    private func drain() {
        while true {
            let jobs = state.withLock { state -> [Job] in
                guard !state.jobs.isEmpty else {
                    state.draining = false
                    return []
                }
                let taken = Array(state.jobs.prefix(Self.maxGroup))
                state.jobs.removeFirst(taken.count)
                return taken
            }
            guard !jobs.isEmpty else { return }
            do {
                let results = try workflow.intake.accept(groups: jobs.map(\.messages))
                metrics.increment(.commits)
                metrics.increment(.commitBatch, by: jobs.count)
                for (job, result) in zip(jobs, results) { job.continuation.resume(with: result) }
                if results.contains(where: { (try? $0.get())?.contains { !$0.duplicate } ?? false }) { onCommit() }
            } catch {
                for job in jobs { job.continuation.resume(throwing: error) }
            }
        }
    }
}
