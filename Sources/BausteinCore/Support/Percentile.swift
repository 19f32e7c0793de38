extension Collection where Element == Double {
    /// The nearest-rank percentile: the smallest value that at least `fraction` of the values do not exceed, so that
    /// hand-computed fixtures give the same figure; nil without values.
    ///
    /// - Parameter fraction: between 0 and 1, e.g. `0.99` for the 99th percentile.
    ///
    /// ```swift
    /// [4, 1, 3, 2].percentile(0.5)  // 2
    /// ```
    public func percentile(_ fraction: Double) -> Double? {
        guard !isEmpty else { return nil }
        let sorted = self.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
