/// A word-level difference between two texts, written the way `git diff --word-diff` does:
/// `[-removed-]{+added+}`.
public enum TextDiff {
    /// True when the texts differ only in whitespace.
    public static func isSame(_ a: String, _ b: String) -> Bool {
        words(a) == words(b)
    }

    /// The share of words removed or added, 0 (same words) … 1 (nothing in common).
    public static func changeRatio(from old: String, to new: String) -> Double {
        let before = words(old)
        let after = words(new)
        guard !(before.isEmpty && after.isEmpty) else { return 0 }
        let common = commonLength(before, after)
        return Double(before.count + after.count - 2 * common) / Double(before.count + after.count)
    }

    private static func commonLength(_ a: [String], _ b: [String]) -> Int {
        var previous = [Int](repeating: 0, count: b.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            var current = [Int](repeating: 0, count: b.count + 1)
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                current[j] = a[i] == b[j] ? previous[j + 1] + 1 : max(previous[j], current[j + 1])
            }
            previous = current
        }
        return previous[0]
    }

    /// The changes from `old` to `new`, with unchanged words in between; nil when nothing changed.
    public static func describe(from old: String, to new: String) -> String? {
        let before = words(old)
        let after = words(new)
        guard before != after else { return nil }
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
        return parts.joined(separator: " ")
    }

    private static func words(_ text: String) -> [String] {
        // `isWhitespace`, not a list of characters: "\r\n" is one Character and would glue two words together.
        text.split(whereSeparator: \.isWhitespace).map(String.init)
    }
}
