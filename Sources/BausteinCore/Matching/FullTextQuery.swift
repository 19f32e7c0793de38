/// Builds FTS5 MATCH expressions: the only place citizen-derived text meets FTS5 syntax.
public enum FullTextQuery {
    /// An OR of the given terms, each a quoted string, so that no input can form FTS5 operators
    /// (`AND`, `NEAR(`, `*`, `^`, column filters, parentheses). Nil when there is nothing to search.
    public static func anyOf(_ terms: [String]) -> String? {
        // Doubling quotes by hand: Foundation's replacingOccurrences was a visible share of a whole match.
        let quoted = terms.filter { !$0.isEmpty }.map { term in
            term.contains("\"") ? "\"" + term.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\"" : "\"" + term + "\""
        }
        return quoted.isEmpty ? nil : quoted.joined(separator: " OR ")
    }
}
