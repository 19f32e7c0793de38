import Foundation

/// The index's own terms with their document frequencies: what compound splitting, typo correction and
/// term weighting check citizen words against.
public struct Vocabulary: Sendable {
    /// Number of indexed snippets.
    public let documentCount: Int
    private let documentFrequency: [String: Int]
    /// Terms by length in UTF-8 bytes, for typo correction, each with its ``letterMask(_:)``.
    private let termsByLength: [Int: [(bytes: [UInt8], mask: UInt64)]]
    private let sortedTerms: [String]
    private let sortedReversedTerms: [String]
    /// Each term's position in `sortedTerms`: scoring compares these small integers instead of hashing strings.
    private let termIDs: [String: Int32]

    public init(documentFrequency: [String: Int], documentCount: Int) {
        self.documentFrequency = documentFrequency
        self.documentCount = documentCount
        var byLength: [Int: [(bytes: [UInt8], mask: UInt64)]] = [:]
        for term in documentFrequency.keys {
            let bytes = Array(term.utf8)
            byLength[bytes.count, default: []].append((bytes, Self.letterMask(bytes)))
        }
        termsByLength = byLength
        sortedTerms = documentFrequency.keys.sorted()
        termIDs = Dictionary(uniqueKeysWithValues: sortedTerms.enumerated().map { ($1, Int32($0)) })
        sortedReversedTerms = documentFrequency.keys.map { String($0.reversed()) }.sorted()
    }

    public static let empty = Vocabulary(documentFrequency: [:], documentCount: 0)

    public var count: Int { documentFrequency.count }

    public func contains(_ term: String) -> Bool { documentFrequency[term] != nil }

    /// The term's number in this vocabulary (nil when unknown); stable for one index generation only.
    public func id(of term: String) -> Int32? { termIDs[term] }

    /// Number of snippets that contain the term (0 when unknown).
    public func frequency(of term: String) -> Int { documentFrequency[term] ?? 0 }

    /// Robertson–Spärck Jones inverse document frequency, never negative.
    public func idf(_ term: String) -> Double {
        let n = Double(max(documentCount, 1))
        let df = Double(frequency(of: term))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// Index terms of which `term` is the head (last part) or the first part, such as "sperrmull" for "mull";
    /// the most frequent first.
    public func compoundsContaining(_ term: String, limit: Int) -> [String] {
        guard term.count >= 4 else { return [] }
        var found: [String] = []
        // The rest of the compound must look like a word of its own: four letters or an index term.
        // That keeps prefixed derivations out ("verlang" is not a compound of "lang").
        func isWordLike(_ rest: Substring) -> Bool { rest.count >= 4 || contains(String(rest)) }
        for candidate in terms(withPrefix: term) where candidate.count >= term.count + 3 {
            if isWordLike(candidate.dropFirst(term.count)) { found.append(candidate) }
        }
        let reversed = String(term.reversed())
        for candidate in terms(withPrefix: reversed, in: sortedReversedTerms) where candidate.count >= term.count + 3 {
            let compound = String(candidate.reversed())
            if isWordLike(compound.dropLast(term.count)) { found.append(compound) }
        }
        return Array(found.sorted { frequency(of: $0) > frequency(of: $1) }.prefix(limit))
    }

    private func terms(withPrefix prefix: String, in array: [String]? = nil) -> ArraySlice<String> {
        let array = array ?? sortedTerms
        var low = 0
        var high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < prefix { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < array.count, array[end].hasPrefix(prefix) { end += 1 }
        return array[low..<end]
    }

    /// Index terms within a small edit distance of an unknown term (1 for short words, 2 from 8 letters),
    /// the closest and then the most frequent first.
    public func corrections(for term: String, limit: Int = 2) -> [String] {
        let bytes = Array(term.utf8)
        guard bytes.count >= 4 else { return [] }
        let maxDistance = bytes.count >= 8 ? 2 : 1
        var candidates: [(term: String, distance: Int, df: Int)] = []
        let mask = Self.letterMask(bytes)
        for length in (bytes.count - maxDistance)...(bytes.count + maxDistance) {
            // Typos rarely hit the first letter; requiring it keeps "tochter" from becoming "mocht".
            for (candidate, candidateMask) in termsByLength[length] ?? [] where candidate.first == bytes.first {
                // Each edit removes at most one kind of letter and adds at most one: a cheap bound that spares
                // nearly all of the full distance computations.
                guard (mask & ~candidateMask).nonzeroBitCount <= maxDistance, (candidateMask & ~mask).nonzeroBitCount <= maxDistance
                else { continue }
                let distance = EditDistance.osa(bytes, candidate, limit: maxDistance)
                if distance <= maxDistance {
                    let text = String(decoding: candidate, as: UTF8.self)
                    candidates.append((text, distance, frequency(of: text)))
                }
            }
        }
        candidates.sort { ($0.distance, -$0.df, $0.term) < ($1.distance, -$1.df, $1.term) }
        return candidates.prefix(limit).map(\.term)
    }

    /// The set of byte values in a term, folded onto 64 bits. Letters that share a bit only weaken the bound in
    /// ``corrections(for:limit:)``, they never make it reject a term within the distance.
    static func letterMask(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0) { $0 | (1 << UInt64($1 & 63)) }
    }

    /// Splits a compound word into parts that are index terms ("personalausweisantrag" → personalausweis, antrag),
    /// allowing the linking elements -s-, -es-, -n-, -en-, -e- after a part. Nil when no split exists.
    public func splitCompound(_ folded: String, stemmer: GermanStemmer) -> [String]? {
        let characters = Array(folded)
        // Real compounds are far shorter than 40 letters; the cap keeps a hostile 10,000-letter "word" cheap.
        guard characters.count >= 6, characters.count <= 40 else { return nil }
        var memo: [Int: [String]?] = [:]
        func split(from start: Int) -> [String]? {
            if let known = memo[start] { return known }
            var best: [String]?
            // A part needs three letters; try the longest first part first, as German heads are short.
            var end = characters.count
            while end - start >= 3 {
                let part = String(characters[start..<end])
                if end == characters.count {
                    if start > 0, let term = knownTerm(part, stemmer: stemmer) { best = [term] }
                } else if let term = knownTerm(part, stemmer: stemmer) ?? linkedTerm(part, stemmer: stemmer),
                    let rest = split(from: end)
                {
                    let candidate = [term] + rest
                    if best == nil || candidate.count < best!.count { best = candidate }
                }
                if best?.count == 2 { break }
                end -= 1
            }
            memo[start] = best
            return best
        }
        guard let parts = split(from: 0), parts.count >= 2 else { return nil }
        return parts
    }

    private func knownTerm(_ part: String, stemmer: GermanStemmer) -> String? {
        if contains(part) { return part }
        let stem = stemmer.stem(part)
        return contains(stem) ? stem : nil
    }

    private func linkedTerm(_ part: String, stemmer: GermanStemmer) -> String? {
        for link in ["es", "en", "s", "n", "e"] where part.hasSuffix(link) && part.count - link.count >= 3 {
            if let term = knownTerm(String(part.dropLast(link.count)), stemmer: stemmer) { return term }
        }
        return nil
    }
}
