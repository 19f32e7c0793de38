import Foundation

/// Counters and histograms of the running server, rendered in the Prometheus text format at `GET /metrics`.
///
/// Labels carry channels, routes, states and reasons, never ids or message text.
public final class ServerMetrics: Sendable {
    /// The metrics the server keeps, with their help text.
    enum Name: String, CaseIterable {
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

        var isHistogram: Bool { [.requestSeconds, .matchSeconds, .matchDelaySeconds].contains(self) }
    }

    private struct State {
        var counters: [Name: [String: Double]] = [:]
        var histograms: [Name: [String: Histogram]] = [:]
    }

    private let state = Locked(State())

    public init() {}

    func increment(_ name: Name, _ labels: KeyValuePairs<String, String> = [:], by amount: Double = 1) {
        let key = Self.render(labels)
        state.withLock { $0.counters[name, default: [:]][key, default: 0] += amount }
    }

    func observe(_ name: Name, _ labels: KeyValuePairs<String, String> = [:], seconds: Double) {
        let key = Self.render(labels)
        state.withLock { $0.histograms[name, default: [:]][key, default: Histogram()].observe(seconds) }
    }

    /// The current value of a counter (for tests).
    func value(_ name: Name, _ labels: KeyValuePairs<String, String> = [:]) -> Double {
        let key = Self.render(labels)
        return state.withLock { $0.counters[name]?[key] ?? 0 }
    }

    /// The exposition text, with gauges computed by the caller at scrape time appended.
    func exposition(gauges: [(name: String, help: String, values: [(labels: String, value: Double)])]) -> String {
        let snapshot = state.withLock { $0 }
        var lines: [String] = []
        for name in Name.allCases {
            lines.append("# HELP \(name.rawValue) \(name.help)")
            lines.append("# TYPE \(name.rawValue) \(name.isHistogram ? "histogram" : "counter")")
            if name.isHistogram {
                for (labels, histogram) in (snapshot.histograms[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    lines += histogram.lines(name: name.rawValue, labels: labels)
                }
            } else {
                for (labels, value) in (snapshot.counters[name] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    lines.append("\(name.rawValue)\(labels.isEmpty ? "" : "{\(labels)}") \(Self.number(value))")
                }
            }
        }
        for gauge in gauges {
            lines.append("# HELP \(gauge.name) \(gauge.help)")
            lines.append("# TYPE \(gauge.name) gauge")
            for (labels, value) in gauge.values {
                lines.append("\(gauge.name)\(labels.isEmpty ? "" : "{\(labels)}") \(Self.number(value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ labels: KeyValuePairs<String, String>) -> String {
        labels.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
