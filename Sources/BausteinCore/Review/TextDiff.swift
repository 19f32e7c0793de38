/// A word-level difference between two texts, written the way `git diff --word-diff` does:
/// `[-removed-]{+added+}`.
public enum TextDiff {
    /// How a reply differs from the snippet it was built on.
    public struct Comparison: Sendable, Equatable {
        /// The changes with unchanged words in between; nil when the words are the same.
        public var diff: String?
        /// The share of words removed or added, 0 (same words) … 1 (nothing in common).
        public var changeRatio: Double
    }

    /// True when the texts differ only in whitespace.
    public static func isSame(_ a: String, _ b: String) -> Bool {
        words(a) == words(b)
    }

    /// The share of words removed or added, 0 (same words) … 1 (nothing in common).
    public static func changeRatio(from old: String, to new: String) -> Double {
        compare(from: old, to: new).changeRatio
    }

    /// The changes from `old` to `new`, with unchanged words in between; nil when nothing changed.
    public static func describe(from old: String, to new: String) -> String? {
        compare(from: old, to: new).diff
    }

    /// The diff and the change ratio from one longest-common-subsequence table over the words.
    public static func compare(from old: String, to new: String) -> Comparison {
        let before = words(old)
        let after = words(new)
        guard before != after else { return Comparison(diff: nil, changeRatio: 0) }
        // Longest common subsequence over words; replies are short, so O(n·m) is fine.
        let n = before.count
        let m = after.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = before[i] == after[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var parts: [String] = []
        var removed: [String] = []
        var added: [String] = []
        func flush() {
            if !removed.isEmpty { parts.append("[-" + removed.joined(separator: " ") + "-]") }
            if !added.isEmpty { parts.append("{+" + added.joined(separator: " ") + "+}") }
            removed = []
            added = []
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n, j < m, before[i] == after[j] {
                flush()
                parts.append(before[i])
                i += 1
                j += 1
            } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                added.append(after[j])
                j += 1
            } else {
                removed.append(before[i])
                i += 1
            }
        }
        flush()
        let ratio = Double(n + m - 2 * table[0][0]) / Double(n + m)
        return Comparison(diff: parts.joined(separator: " "), changeRatio: ratio)
    }

    private static func words(_ text: String) -> [String] {
        // `isWhitespace`, not a list of characters: "\r\n" is one Character and would glue two words together.
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
