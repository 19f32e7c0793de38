import BausteinCore
import Hummingbird

/// `GET /healthz` (database reachable) and `GET /metrics` (Prometheus text format).
struct HealthRoutes: Sendable {
    struct Health: Encodable {
        var status: String
        var database: String
    }

    let workflow: Workflow
    let metrics: ServerMetrics
    let queue = BlockingQueue(label: "baustein.health")

    func register(on router: Router<BausteinRequestContext>) {
        router.get("healthz") { _, _ in
            let workflow = self.workflow
            let reachable = (try? await self.queue.run { workflow.isDatabaseReachable() }) ?? false
            return try JSONResponse.make(
                Health(status: reachable ? "ok" : "unavailable", database: reachable ? "ok" : "unreachable"),
                status: reachable ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            let workflow = self.workflow
            let (counts, unmatched) = try await self.queue.run { (try workflow.queue.stateCounts(), try workflow.intake.unmatchedCount()) }
            let depth = ReviewState.allCases.map { (labels: [("state", $0.rawValue)], value: Double(counts[$0] ?? 0)) }
            let text = self.metrics.exposition(gauges: [
                (name: "baustein_queue_depth", help: "Items per review state.", values: depth),
                (
                    name: "baustein_unmatched_items", help: "Stored messages still waiting for suggestions.",
                    values: [(labels: [], value: Double(unmatched))]
                ),
            ])
            return JSONResponse.text(text, contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
