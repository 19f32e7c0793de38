/// A Prometheus histogram: cumulative bucket counts, sum and count of observed values (seconds).
struct Histogram: Sendable {
    /// Upper bounds in seconds, from half a millisecond to ten seconds.
    static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private(set) var buckets = [UInt64](repeating: 0, count: Histogram.bounds.count)
    private(set) var sum = 0.0
    private(set) var count: UInt64 = 0

    mutating func observe(_ value: Double) {
        sum += value
        count += 1
        if let index = Self.bounds.firstIndex(where: { value <= $0 }) { buckets[index] += 1 }
    }

    /// The exposition lines for one label set.
    func lines(name: String, labels: String) -> [String] {
        var lines: [String] = []
        var cumulative: UInt64 = 0
        let prefix = labels.isEmpty ? "" : labels + ","
        for (bound, bucket) in zip(Self.bounds, buckets) {
            cumulative += bucket
            lines.append("\(name)_bucket{\(prefix)le=\"\(bound)\"} \(cumulative)")
        }
        lines.append("\(name)_bucket{\(prefix)le=\"+Inf\"} \(count)")
        let braces = labels.isEmpty ? "" : "{\(labels)}"
        lines.append("\(name)_sum\(braces) \(sum)")
        lines.append("\(name)_count\(braces) \(count)")
        return lines
    }
}
