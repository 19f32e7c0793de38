import BausteinCore

/// A reproducible synthetic knowledge base with realistic German vocabulary, for `make bench-match`.
///
/// Words come from a Debian word list (`wngerman`), drawn with a Zipf-like skew so that some words are common
/// and most are rare, as in real snippets; the same seed always gives the same base and the same questions.
struct SyntheticBase {
    /// A small deterministic generator (SplitMix64): no system randomness, so every run measures the same data.
    struct Generator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in 0..<1.
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    static let questionStarts = [
        "Wie beantrage ich", "Wo bekomme ich", "Was kostet", "Wann kann ich", "Brauche ich für", "Wer hilft bei",
        "Wie lange dauert", "Kann ich online", "Was muss ich bei", "Gibt es",
    ]

    let words: [String]
    var generator: Generator

    init(words: [String], seed: UInt64) {
        self.words = words
        generator = Generator(state: seed)
    }

    /// A word with a Zipf-like skew: index ∝ u³ makes low indexes (common words) far more likely.
    mutating func word() -> String {
        let u = generator.unit()
        return words[min(Int(u * u * u * Double(words.count)), words.count - 1)]
    }

    mutating func phrase(_ count: Int) -> String {
        (0..<count).map { _ in word() }.joined(separator: " ")
    }

    /// `count` snippets with a title, three questions, two keywords and a reply of 40–80 words.
    mutating func snippets(count: Int) -> [SnippetSource] {
        let day = Day("2026-01-01")!
        return (0..<count).map { index in
            let topic = [word(), word()]
            let questions = (0..<3).map { _ in
                let start = Self.questionStarts[generator.below(Self.questionStarts.count)]
                return "\(start) \(topic[generator.below(2)]) \(phrase(2 + generator.below(4)))?"
            }
            let snippet = Snippet(
                id: String(format: "s%06d", index), title: "\(topic[0]) \(topic[1]) \(word())", questions: questions,
                keywords: [word(), word()], approvedBy: "Pressestelle", approvedOn: day,
                body: "Guten Tag, \(phrase(40 + generator.below(41))).")
            return SnippetSource(snippet: snippet, path: "bench/\(snippet.id).md")
        }
    }

    /// Citizen-like questions: a snippet's question with one word dropped and one unrelated word added.
    mutating func questions(from snippets: [SnippetSource], count: Int) -> [String] {
        (0..<count).map { _ in
            let snippet = snippets[generator.below(snippets.count)].snippet
            var parts = snippet.questions[generator.below(snippet.questions.count)].split(separator: " ").map(String.init)
            if parts.count > 4 { parts.remove(at: 2 + generator.below(parts.count - 2)) }
            parts.insert(word(), at: generator.below(parts.count + 1))
            return parts.joined(separator: " ")
        }
    }
}
