import Testing

@testable import BausteinCore

/// Typo correction skips most index terms with a bound on their letters before computing edit distances; the
/// bound must never drop a term that a full search would find.
@Suite("Typo correction bound")
struct TypoCorrectionBoundTests {
    /// A small deterministic generator (xorshift), so that the words are the same on every run.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(bound))
        }
    }

    static let letters: [String] = "abcdeghiklmnorstuwzäöüß".map(String.init)

    /// Every term within the distance (first letter kept), closest and most frequent first: the rules of
    /// ``Vocabulary/corrections(for:limit:)`` without any shortcut.
    static func bruteForce(_ term: String, in frequencies: [String: Int], limit: Int = 2) -> [String] {
        let bytes = Array(term.utf8)
        guard bytes.count >= 4 else { return [] }
        let maxDistance = bytes.count >= 8 ? 2 : 1
        return frequencies.compactMap { candidate, df -> (String, Int, Int)? in
            let other = Array(candidate.utf8)
            guard other.first == bytes.first else { return nil }
            let distance = EditDistance.osa(bytes, other, limit: 10)
            return distance <= maxDistance ? (candidate, distance, df) : nil
        }
        .sorted { ($0.1, -$0.2, $0.0) < ($1.1, -$1.2, $1.0) }
        .prefix(limit).map(\.0)
    }

    @Test("corrections equal a full search for 1,000 misspellings of generated words")
    func boundKeepsEveryMatch() {
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        var frequencies: [String: Int] = [:]
        while frequencies.count < 2_000 {
            let length = 4 + generator.next(9)
            let word = (0..<length).map { _ in Self.letters[generator.next(Self.letters.count)] }.joined()
            frequencies[word] = 1 + generator.next(50)
        }
        let vocabulary = Vocabulary(documentFrequency: frequencies, documentCount: 5_000)
        let words = frequencies.keys.sorted()
        var checked = 0
        var found = 0
        for _ in 0..<1_000 {
            var characters = Array(words[generator.next(words.count)])
            // One or two edits: substitute, delete, insert or swap neighbours (never the first letter).
            for _ in 0..<(1 + generator.next(2)) where characters.count > 2 {
                let position = 1 + generator.next(characters.count - 1)
                let letter = Character(Self.letters[generator.next(Self.letters.count)])
                switch generator.next(4) {
                case 0: characters[position] = letter
                case 1: characters.remove(at: position)
                case 2: characters.insert(letter, at: position)
                default: if position + 1 < characters.count { characters.swapAt(position, position + 1) }
                }
            }
            let typo = String(characters)
            let expected = Self.bruteForce(typo, in: frequencies)
            #expect(vocabulary.corrections(for: typo) == expected, "\(typo)")
            checked += 1
            if !expected.isEmpty { found += 1 }
        }
        #expect(checked == 1_000)
        // The check means something only if most misspellings do have corrections.
        #expect(found > 500)
    }
}
