import GRDB

/// A candidate snippet's stored analysis: its fields as term lists, questions and phrasings one per line.
struct CandidateDocument {
    enum Field: Int, CaseIterable {
        case title, questions, learned, keywords, body
    }

    var snippetID: String
    var title: String
    /// Terms per field (all lines together).
    var fields: [[String]]
    /// Question-like units: the title, each question, each learned phrasing, the keywords.
    var phrases: [(terms: [String], learned: Bool)]

    /// Loads the analysis of the given snippets, leaving out those outside their validity window today.
    static func fetch(_ db: Database, docids: [Int64], today: Day) throws -> [CandidateDocument] {
        guard !docids.isEmpty else { return [] }
        let placeholders = docids.map { _ in "?" }.joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.title, s.validFrom, s.validUntil, a.title AS aTitle, a.questions, a.learned, a.keywords, a.body
                FROM snippet s JOIN snippet_analysis a ON a.docid = s.docid
                WHERE s.active = 1 AND s.docid IN (\(placeholders))
                """,
            arguments: StatementArguments(docids))
        let todayText = today.description
        return rows.compactMap { row in
            if let from: String = row["validFrom"], todayText < from { return nil }
            if let until: String = row["validUntil"], until < todayText { return nil }
            let lines = [row["aTitle"], row["questions"], row["learned"], row["keywords"], row["body"]].map { (text: String) in
                text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            }
            var phrases: [(terms: [String], learned: Bool)] = []
            phrases += lines[Field.title.rawValue].map { ($0, false) }
            phrases += lines[Field.questions.rawValue].map { ($0, false) }
            phrases += lines[Field.learned.rawValue].map { ($0, true) }
            let keywords = lines[Field.keywords.rawValue].flatMap { $0 }
            if !keywords.isEmpty { phrases.append((keywords, false)) }
            return CandidateDocument(
                snippetID: row["id"], title: row["title"], fields: lines.map { $0.flatMap { $0 } }, phrases: phrases)
        }
    }

    /// Average number of terms per field over all indexed snippets (BM25 length normalisation).
    static func averageFieldLengths(_ db: Database) throws -> [Double] {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT AVG(LENGTH(title) - LENGTH(REPLACE(REPLACE(title, ' ', ''), char(10), '')) + 1),
                       AVG(LENGTH(questions) - LENGTH(REPLACE(REPLACE(questions, ' ', ''), char(10), '')) + 1),
                       AVG(LENGTH(learned) - LENGTH(REPLACE(REPLACE(learned, ' ', ''), char(10), '')) + 1),
                       AVG(LENGTH(keywords) - LENGTH(REPLACE(REPLACE(keywords, ' ', ''), char(10), '')) + 1),
                       AVG(LENGTH(body) - LENGTH(REPLACE(REPLACE(body, ' ', ''), char(10), '')) + 1)
                FROM snippet_analysis
                """)
        return (0..<5).map { max((row?[$0] as Double?) ?? 1, 1) }
    }
}
