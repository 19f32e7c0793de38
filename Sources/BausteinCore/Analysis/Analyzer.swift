import Foundation
import Synchronization

/// One word of citizen or snippet text after analysis.
public struct AnalyzedWord: Hashable, Sendable {
    /// The word as written, normalised to lowercase (shown to people as a reason).
    public var surface: String
    /// The word with "ae/oe/ue" folded, before stemming (used for compound splitting).
    public var folded: String
    /// The index term: the Snowball German stem.
    public var term: String
}

/// The analysis chain shared by indexing and querying: normalise, split, fold, drop stop words, stem.
///
/// The FTS5 tokenizer calls ``term(forWord:)`` for each word of a document, and the matcher calls
/// ``analyze(_:)`` for citizen questions, so both sides always produce the same terms.
public final class Analyzer: Sendable {
    public let stemmer: GermanStemmer
    /// Normalised word → analysis (nil for stop words): snippets repeat the same words thousands of times, and a
    /// sync of 10,000 snippets analyses every word twice (full-text index and stored analysis).
    private let cache = Mutex<[String: AnalyzedWord?]>([:])
    private static let cacheLimit = 100_000

    public init(stemmer: GermanStemmer) {
        self.stemmer = stemmer
    }

    public convenience init() throws {
        self.init(stemmer: try GermanStemmer())
    }

    /// Analyses free text into its content words, in order.
    public func analyze(_ text: String) -> [AnalyzedWord] {
        let normalized = TextFolding.normalize(text)
        return TextFolding.words(in: normalized).compactMap { analyzeWord(String($0)) }
    }

    /// Analyses one word that is already normalised; nil for stop words and single letters.
    public func analyzeWord(_ surface: String) -> AnalyzedWord? {
        if let cached = cache.withLock({ $0[surface] }) { return cached }
        let word = analyzeUncached(surface)
        cache.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[surface] = .some(word)
        }
        return word
    }

    private func analyzeUncached(_ surface: String) -> AnalyzedWord? {
        let folded = TextFolding.foldDigraphs(surface)
        if StopWords.contains(folded) || StopWords.contains(surface) { return nil }
        if folded.unicodeScalars.count < 2 { return nil }
        return AnalyzedWord(surface: surface, folded: folded, term: stemmer.stem(folded))
    }

    /// The index term for one word of a document, or nil when the word is not indexed.
    public func term(forWord word: String) -> String? {
        analyzeWord(TextFolding.normalize(word))?.term
    }

    /// The terms of a text, in order (duplicates kept).
    public func terms(_ text: String) -> [String] {
        analyze(text).map(\.term)
    }
}
