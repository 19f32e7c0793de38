/// Builds FTS5 MATCH expressions: the only place citizen-derived text meets FTS5 syntax.
public enum FullTextQuery {
    /// An OR of the given terms, each a quoted string, so that no input can form FTS5 operators
    /// (`AND`, `NEAR(`, `*`, `^`, column filters, parentheses). Nil when there is nothing to search.
    public static func anyOf(_ terms: [String]) -> String? {
        let quoted = terms.filter { !$0.isEmpty }.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return quoted.isEmpty ? nil : quoted.joined(separator: " OR ")
    }
}
