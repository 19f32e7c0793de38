import Prometheus

/// Counters and histograms of the running server, rendered in the Prometheus text format at `GET /metrics`.
///
/// Each server keeps its own `PrometheusCollectorRegistry` rather than bootstrapping the process-wide metrics system,
/// so that several servers in one process (the tests) count apart. Labels carry channels, routes, states and reasons,
/// never ids or message text.
public final class ServerMetrics: Sendable {
    /// The metrics the server keeps, with their help text.
    enum Name: String {
        case messagesReceived = "baustein_messages_received_total"
        case duplicates = "baustein_messages_duplicate_total"
        case ignored = "baustein_webhook_events_ignored_total"
        case rejected = "baustein_webhook_rejected_total"
        case requests = "baustein_http_requests_total"
        case requestSeconds = "baustein_http_request_duration_seconds"
        case matchSeconds = "baustein_match_duration_seconds"
        case matchDelaySeconds = "baustein_match_delay_seconds"
        case commitBatch = "baustein_intake_commit_requests_total"
        case commits = "baustein_intake_commits_total"
        case deliveries = "baustein_deliveries_total"

        var help: String {
            switch self {
            case .messagesReceived: return "Messages stored, by channel."
            case .duplicates: return "Repeated deliveries of stored messages, by channel."
            case .ignored: return "Webhook events acknowledged without a message (echoes, reads, other events), by webhook."
            case .rejected: return "Webhook requests refused, by webhook and reason."
            case .requests: return "HTTP requests, by route, method and status."
            case .requestSeconds: return "HTTP request latency, by route and method."
            case .matchSeconds: return "Matcher time per message."
            case .matchDelaySeconds: return "Time from commit until a message has its suggestions."
            case .commitBatch: return "Requests committed together in group commits."
            case .commits: return "Group commits of intake."
            case .deliveries: return "Delivery attempts, by channel and outcome."
            }
        }
    }

    /// Histogram upper bounds in seconds, from half a millisecond to ten seconds.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private let registry = PrometheusCollectorRegistry()

    public init() {
        // The metrics without labels show from the start, at zero, instead of appearing with their first event.
        for name in [Name.commits, .commitBatch] { counter(name, []).increment(by: Int64(0)) }
        for name in [Name.matchSeconds, .matchDelaySeconds] { _ = histogram(name, []) }
    }

    func increment(_ name: Name, _ labels: KeyValuePairs<String, String> = [:], by amount: Int = 1) {
        counter(name, labels.map { ($0.key, $0.value) }).increment(by: Int64(amount))
    }

    func observe(_ name: Name, _ labels: KeyValuePairs<String, String> = [:], seconds: Double) {
        histogram(name, labels.map { ($0.key, $0.value) }).record(seconds)
    }

    /// The exposition text, after setting the gauges that the caller computes at scrape time.
    func exposition(gauges: [(name: String, help: String, values: [(labels: [(String, String)], value: Double)])]) -> String {
        for gauge in gauges {
            for (labels, value) in gauge.values {
                registry.makeGauge(name: gauge.name, labels: labels, help: gauge.help).set(to: value)
            }
        }
        return registry.emitToString()
    }

    private func counter(_ name: Name, _ labels: [(String, String)]) -> Counter {
        registry.makeCounter(name: name.rawValue, labels: labels, help: name.help)
    }

    private func histogram(_ name: Name, _ labels: [(String, String)]) -> ValueHistogram {
        registry.makeValueHistogram(name: name.rawValue, labels: labels, buckets: Self.bounds, help: name.help)
    }
}
