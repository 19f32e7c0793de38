import GRDB

/// What the matcher and the meaning channel read from the knowledge base: full-text candidates, the index's
/// statistics and generation, and the texts the meaning channel embeds.
extension KnowledgeBase {
    /// Every snippet whose index has one of the expression's terms (for a small base, where all of them are scored).
    static func fullTextCandidates(_ db: Database, matching expression: String) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT rowid FROM snippet_fts WHERE snippet_fts MATCH ?"), arguments: [expression])
    }

    /// The `limit` snippets FTS5 ranks best for the expression (bm25 with the weights of title, questions, learned
    /// phrasings, keywords and body).
    static func fullTextCandidates(_ db: Database, matching expression: String, weights: MatchWeights) throws -> [Int64] {
        try Int64.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT rowid FROM snippet_fts WHERE snippet_fts MATCH ?
                    ORDER BY bm25(snippet_fts, ?, ?, ?, ?, ?) LIMIT ?
                    """),
            arguments: [
                expression, weights.title, weights.questions, weights.learned, weights.keywords, weights.body, weights.candidates,
            ])
    }

    /// The index's generation: it moves whenever sync or learning changed what the matcher reads.
    static func generation(_ db: Database) throws -> String {
        try Store.metaValue(db, key: "generation") ?? "0"
    }

    /// How many analysed documents have each term, and how many documents there are.
    static func documentFrequencies(_ db: Database) throws -> (frequencies: [String: Int], documents: Int) {
        var frequencies: [String: Int] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT term, doc FROM snippet_vocab")
        while let row = try rows.next() { frequencies[row[0]] = row[1] }
        return (frequencies, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snippet_analysis") ?? 0)
    }

    /// The analysed title, questions and learned phrasings (one per line) of every snippet that learned a phrasing.
    static func learnedAnalyses(_ db: Database) throws -> [(title: String, questions: String, learned: String)] {
        try Row.fetchAll(db, sql: "SELECT title, questions, learned FROM snippet_analysis WHERE learned != ''")
            .map { ($0["title"], $0["questions"], $0["learned"]) }
    }

    /// Which snippets the meaning channel's vectors belong to (only a sync that changed snippets moves it), and the
    /// newest learned phrasing.
    func meaningSignature() throws -> (snippetGeneration: String, learnedThrough: Int64) {
        try index.read { db in
            let generation = try Store.metaValue(db, key: "snippetGeneration") ?? "0"
            let learned = try Int64.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM learned_phrasing")) ?? 0
            return (generation, learned)
        }
    }

    /// Learned phrasings of active snippets newer than `id`, oldest first.
    func learnedPhrasings(after id: Int64) throws -> [(id: Int64, docid: Int64, text: String)] {
        try index.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT l.id, s.docid, l.text FROM learned_phrasing l JOIN snippet s ON s.id = l.snippetId AND s.active = 1
                    WHERE l.id > ? ORDER BY l.id
                    """, arguments: [id]
            ).map { (id: $0[0], docid: $0[1], text: $0[2]) }
        }
    }

    /// The active snippets by their index's document id, in that order.
    func activeSnippetsByDocid() throws -> [(Int64, Snippet)] {
        try index.read { db in
            try Row.fetchAll(db, sql: "SELECT docid, document FROM snippet WHERE active = 1 ORDER BY docid").map {
                ($0["docid"], try Self.decode($0["document"]))
            }
        }
    }
}
