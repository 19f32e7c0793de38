import Foundation
import Synchronization

/// A general German thesaurus (Debian's `openthesaurus-de-text`), used as weak, filtered evidence.
///
/// Naive thesaurus expansion is known to hurt: "anstecken" also means setting fire to something. So the
/// matcher only takes a synonym that is a term of the index itself (the index's vocabulary picks the
/// sense that matters for this authority), only the rarest few, and with a low weight; and each citizen
/// word counts with its single best alternative, so a synonym never adds to an exact match.
///
/// The file format: one synonym set per line, members separated by `;`, notes in parentheses such as
/// `(ugs.)`, `#` comment lines. Only single-word members are kept.
public struct Thesaurus: Sendable {
    /// Synonym sets as index terms (stems), each with at least two members.
    private var sets: [[String]] = []
    /// Term → indexes of the sets that contain it.
    private var setsByTerm: [String: [Int32]] = [:]

    /// Where Debian's `openthesaurus-de-text` puts its text file.
    public static let debianPath = "/usr/share/openthesaurus-de/openthesaurus.txt"

    public static let empty = Thesaurus()

    public init() {}

    /// Parses the OpenThesaurus text format, analysing each member with the index's analysis chain.
    ///
    /// Works on UTF-8 bytes: the Debian file has 100,000 members, and character-level string handling
    /// would cost most of a second at every start of `baustein ask`.
    public init(contents: String, analyzer: Analyzer) {
        var contents = contents
        contents.withUTF8 { bytes in
            for line in bytes.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
                var members: [String] = []
                for rawMember in line.split(separator: UInt8(ascii: ";")) {
                    // Multi-word and hyphenated members ("in Brand setzen", "Mund-Nasen-Schutz") rarely match a
                    // citizen's words as a whole, so only plain words are kept.
                    guard let word = Self.plainWord(rawMember), let term = analyzer.analyzeWord(word)?.term,
                        !members.contains(term)
                    else { continue }
                    members.append(term)
                }
                guard members.count >= 2 else { continue }
                let index = Int32(sets.count)
                sets.append(members)
                for member in members { setsByTerm[member, default: []].append(index) }
            }
        }
    }

    /// Loads a thesaurus file; a missing file is an empty thesaurus (the matcher then simply does without).
    public static func load(from url: URL, analyzer: Analyzer) throws -> Thesaurus {
        guard FileManager.default.fileExists(atPath: url.path) else { return .empty }
        return Thesaurus(contents: try String(contentsOf: url, encoding: .utf8), analyzer: analyzer)
    }

    private static let cache = Mutex<[String: Thesaurus]>([:])

    /// Loads a thesaurus file once per process: parsing 100,000 words takes most of a second, and every
    /// matcher of a process (and every test) uses the same file.
    public static func shared(from url: URL) throws -> Thesaurus {
        try cache.withLock { cache in
            if let cached = cache[url.path] { return cached }
            let thesaurus = try load(from: url, analyzer: try Analyzer())
            cache[url.path] = thesaurus
            return thesaurus
        }
    }

    /// Number of synonym sets.
    public var count: Int { sets.count }

    /// Every term that shares a synonym set with `term` (without `term` itself), in file order.
    public func synonyms(of term: String) -> [String] {
        guard let indexes = setsByTerm[term] else { return [] }
        var seen: Set<String> = [term]
        return indexes.flatMap { sets[Int($0)] }.filter { seen.insert($0).inserted }
    }

    /// The synonyms worth searching for: index terms only, the rarest (most telling) first, at most `limit`.
    public func expansions(of term: String, in vocabulary: Vocabulary, limit: Int) -> [String] {
        let known = synonyms(of: term).filter(vocabulary.contains)
        return Array(known.sorted { (vocabulary.frequency(of: $0), $0) < (vocabulary.frequency(of: $1), $1) }.prefix(limit))
    }

    /// "Krankheitszeichen (fachspr.)" → "krankheitszeichen"; nil unless the member is one word of letters.
    private static func plainWord(_ member: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        var kept: [UInt8] = []
        kept.reserveCapacity(member.count)
        var depth = 0
        var ascii = true
        for byte in member {
            switch byte {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth = max(depth - 1, 0)
            case _ where depth > 0: continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): kept.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"): kept.append(byte)
            case 0x80...: kept.append(byte); ascii = false
            case UInt8(ascii: " "), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                // Spaces around a note are fine; spaces between words are not.
                if !kept.isEmpty { kept.append(UInt8(ascii: " ")) }
            default: return nil
            }
        }
        while kept.last == UInt8(ascii: " ") { kept.removeLast() }
        guard !kept.isEmpty, !kept.contains(UInt8(ascii: " ")) else { return nil }
        let word = String(decoding: kept, as: UTF8.self)
        return ascii ? word : word.lowercased()
    }
}
