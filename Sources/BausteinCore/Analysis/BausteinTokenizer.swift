import GRDB

/// The FTS5 tokenizer `baustein`: SQLite's unicode61 splits the text, the German ``Analyzer`` turns each
/// word into its index term.
///
/// Documents are analysed here. Queries are not: the matcher analyses citizen text itself (it needs the
/// words for compound splitting, synonyms and typo correction) and hands FTS5 only finished terms, built by
/// ``FullTextQuery``. Those pass through unchanged, so stemming never runs twice on one word.
public final class BausteinTokenizer: FTS5WrapperTokenizer {
    public static let name = "baustein"
    public let wrappedTokenizer: any FTS5Tokenizer
    private let analyzer: Analyzer

    public init(db: Database, arguments: [String]) throws {
        wrappedTokenizer = try db.makeTokenizer(.unicode61(diacritics: .keep))
        analyzer = try Analyzer()
    }

    public func accept(
        token: String,
        flags: FTS5TokenFlags,
        for tokenization: FTS5Tokenization,
        tokenCallback: FTS5WrapperTokenCallback
    ) throws {
        if tokenization.contains(.query) {
            try tokenCallback(token, flags)
            return
        }
        if let term = analyzer.term(forWord: token) {
            try tokenCallback(term, flags)
        }
    }
}
