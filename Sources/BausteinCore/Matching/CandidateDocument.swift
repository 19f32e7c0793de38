import GRDB

/// A candidate snippet's stored analysis, prepared for scoring: term frequencies per field and its
/// question-like phrases as term sets with their total weight.
///
/// Terms are the vocabulary's integer ids, kept sorted: scoring a candidate is then a few binary searches over
/// small integer arrays instead of hashing every query term into five dictionaries per candidate.
/// A class, because the matcher's cache hands the same prepared documents to every question: passing one on is a
/// single reference count instead of one for each of its arrays and strings.
final class CandidateDocument: Sendable {
    enum Field: Int, CaseIterable {
        case title, questions, learned, keywords, body
    }

    enum PhraseKind: Sendable {
        case question, learned, body
    }

    struct Phrase: Sendable {
        /// Sorted, distinct term ids.
        let terms: [Int32]
        /// Sum of the terms' idf: the phrase's side of the weighted Dice overlap.
        var mass: Double
        var kind: PhraseKind

        func contains(_ term: Int32) -> Bool { CandidateDocument.position(of: term, in: terms) != nil }
    }

    let snippetID: String
    let title: String
    let validFrom: String?
    let validUntil: String?
    /// The snippet's groups (owner and tags) for the learned ``GroupPreference``.
    let groups: [GroupPreference.Key]
    /// Sorted, distinct term ids of all fields.
    let terms: [Int32]
    /// Per term (in the order of `terms`), its count in each of the five fields: `counts[index * 5 + field]`.
    let counts: [Int32]
    let lengths: [Int]
    /// The title, each question, each learned phrasing, the keywords, the reply text.
    let phrases: [Phrase]

    /// Whether the snippet has learned phrasings: without, its score with and without them is the same. A learned
    /// phrase is kept only with terms, and those terms are the learned field's, so its length says it.
    var hasLearned: Bool { lengths[Field.learned.rawValue] > 0 }

    init(
        snippetID: String, title: String, validFrom: String?, validUntil: String?, groups: [GroupPreference.Key] = [], terms: [Int32],
        counts: [Int32], lengths: [Int], phrases: [Phrase]
    ) {
        self.snippetID = snippetID
        self.title = title
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.groups = groups
        self.terms = terms
        self.counts = counts
        self.lengths = lengths
        self.phrases = phrases
    }

    func isValid(on today: String) -> Bool {
        if let validFrom, today < validFrom { return false }
        if let validUntil, validUntil < today { return false }
        return true
    }

    /// Index of `term` in `terms`, if the snippet has it in any field.
    func position(of term: Int32) -> Int? { Self.position(of: term, in: terms) }

    static func position(of term: Int32, in sorted: [Int32]) -> Int? {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < term { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == term ? low : nil
    }

    /// Loads and prepares the analysis of the given snippets (active ones only).
    static func fetch(_ db: Database, docids: [Int64], vocabulary: Vocabulary) throws -> [Int64: CandidateDocument] {
        guard !docids.isEmpty else { return [:] }
        var documents: [Int64: CandidateDocument] = [:]
        for row in try KnowledgeBase.analysedSnippets(db, docids: docids) {
            let lines = row.fields.map(termLines)
            var phrases: [Phrase] = []
            func add(_ terms: [String], _ kind: PhraseKind) {
                let set = Set(terms)
                guard !set.isEmpty else { return }
                phrases.append(
                    Phrase(terms: set.compactMap(vocabulary.id(of:)).sorted(), mass: set.reduce(0) { $0 + vocabulary.idf($1) }, kind: kind))
            }
            lines[Field.title.rawValue].forEach { add($0, .question) }
            lines[Field.questions.rawValue].forEach { add($0, .question) }
            lines[Field.learned.rawValue].forEach { add($0, .learned) }
            add(lines[Field.keywords.rawValue].flatMap { $0 }, .question)
            add(lines[Field.body.rawValue].flatMap { $0 }, .body)
            let fields = lines.map { $0.flatMap { $0 } }
            var perTerm: [Int32: [Int32]] = [:]
            for (field, terms) in fields.enumerated() {
                for term in terms {
                    guard let id = vocabulary.id(of: term) else { continue }
                    perTerm[id, default: [0, 0, 0, 0, 0]][field] += 1
                }
            }
            let sortedTerms = perTerm.keys.sorted()
            documents[row.docid] = CandidateDocument(
                snippetID: row.id, title: row.title, validFrom: row.validFrom, validUntil: row.validUntil,
                groups: GroupPreference.keys(owner: row.owner, tags: row.tags), terms: sortedTerms,
                counts: sortedTerms.flatMap { perTerm[$0]! }, lengths: fields.map(\.count), phrases: phrases)
        }
        return documents
    }

    /// Stored analysis text: one line per phrase, terms separated by spaces.
    static func termLines(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    }
}
