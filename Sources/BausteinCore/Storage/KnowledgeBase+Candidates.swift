import GRDB

/// What the matcher scores a candidate on and what the group preference learns from: the stored analysis of snippets,
/// the fields' average lengths, and the newest ranking outcomes per snippet.
extension KnowledgeBase {
    /// An active snippet's stored analysis: one line per phrase in each field, with its owner and tags.
    struct AnalysedSnippet {
        var docid: Int64
        var id: String
        var title: String
        var validFrom: String?
        var validUntil: String?
        var owner: String?
        /// The tags joined by U+001F.
        var tags: String?
        /// The analysed title, questions, learned phrasings, keywords and body, in ``CandidateDocument/Field`` order.
        var fields: [String]
    }

    /// The analysis of the given snippets, active ones only.
    static func analysedSnippets(_ db: Database, docids: [Int64]) throws -> [AnalysedSnippet] {
        let placeholders = docids.map { _ in "?" }.joined(separator: ",")
        return try Row.fetchAll(
            db,
            sql: """
                SELECT s.docid, s.id, s.title, s.validFrom, s.validUntil,
                       \(groupColumns(of: "s.document")),
                       a.title AS aTitle, a.questions, a.learned, a.keywords, a.body
                FROM snippet s JOIN snippet_analysis a ON a.docid = s.docid
                WHERE s.active = 1 AND s.docid IN (\(placeholders))
                """,
            arguments: StatementArguments(docids)
        ).map { row in
            AnalysedSnippet(
                docid: row["docid"], id: row["id"], title: row["title"], validFrom: row["validFrom"], validUntil: row["validUntil"],
                owner: row["owner"], tags: row["tags"], fields: [row["aTitle"], row["questions"], row["learned"], row["keywords"], row["body"]])
        }
    }

    /// Average number of terms per field over all indexed snippets (BM25 length normalisation), at least 1.
    static func averageFieldLengths(_ db: Database) throws -> [Double] {
        func words(_ column: String) -> String {
            "AVG(CASE WHEN \(column) = '' THEN 0 ELSE LENGTH(\(column)) - LENGTH(REPLACE(REPLACE(\(column), ' ', ''), char(10), '')) + 1 END)"
        }
        let columns = ["title", "questions", "learned", "keywords", "body"].map(words).joined(separator: ", ")
        let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM snippet_analysis")
        return (0..<5).map { max((row?[$0] as Double?) ?? 1, 1) }
    }

    /// Per snippet among the newest `window` ranking outcomes: its owner and tags, and how often staff chose it and
    /// passed it over.
    static func rankingOutcomes(_ db: Database, window: Int) throws -> [(owner: String?, tags: String?, chosen: Int, passed: Int)] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT \(groupColumns(of: "s.document")), SUM(o.chosen) AS chosen, SUM(1 - o.chosen) AS passed
                FROM (SELECT snippetId, chosen FROM ranking_outcome ORDER BY id DESC LIMIT ?) o
                JOIN snippet s ON s.id = o.snippetId
                GROUP BY s.id
                """, arguments: [window]
        ).map { ($0["owner"], $0["tags"], $0["chosen"], $0["passed"]) }
    }

    /// The SQL columns `owner` and `tags` (joined by U+001F) of a snippet's stored document, for
    /// ``GroupPreference/keys(owner:tags:)``: SQLite reads them, so that a candidate is not decoded in Swift
    /// (JSONDecoder would be most of a fetch).
    private static func groupColumns(of document: String) -> String {
        """
        json_extract(\(document), '$.approvedBy') AS owner,
        (SELECT group_concat(value, char(31)) FROM json_each(\(document), '$.tags')) AS tags
        """
    }
}
