import Testing

@testable import BausteinCore

/// The matcher's cache of analysed words: reused within one index generation and one set of weights only.
@Suite("Word slot cache")
struct WordSlotCacheTests {
    static let word = AnalyzedWord(surface: "sperrmüll", folded: "sperrmull", term: "sperrmull")

    static func slots(_ term: String) -> [QuerySlot] {
        [QuerySlot(word: "sperrmüll", alternatives: [QueryTerm(word: "sperrmüll", term: term, weight: 1, origin: .exact)])]
    }

    @Test("a word is analysed once per generation and weights")
    func reuse() {
        let cache = WordSlotCache()
        var calls = 0
        let weights = MatchWeights()
        for _ in 0..<3 {
            let slots = cache.slots(for: Self.word, generation: "1", weights: weights) {
                calls += 1
                return Self.slots("sperrmull")
            }
            #expect(slots.first?.alternatives.first?.term == "sperrmull")
        }
        #expect(calls == 1)
    }

    @Test("a new generation or other weights analyse the word again")
    func invalidation() {
        let cache = WordSlotCache()
        var weights = MatchWeights()
        _ = cache.slots(for: Self.word, generation: "1", weights: weights) { Self.slots("alt") }
        let afterSync = cache.slots(for: Self.word, generation: "2", weights: weights) { Self.slots("neu") }
        #expect(afterSync.first?.alternatives.first?.term == "neu")
        weights.typo = 0.5
        let otherWeights = cache.slots(for: Self.word, generation: "2", weights: weights) { Self.slots("anders") }
        #expect(otherWeights.first?.alternatives.first?.term == "anders")
    }

    @Test("the cache is emptied when full, never grows past its limit")
    func bounded() {
        let cache = WordSlotCache(limit: 2)
        let weights = MatchWeights()
        var calls = 0
        for surface in ["a", "b", "c", "a"] {
            let word = AnalyzedWord(surface: surface, folded: surface, term: surface)
            _ = cache.slots(for: word, generation: "1", weights: weights) {
                calls += 1
                return []
            }
        }
        // "c" found the cache full (a, b) and emptied it, so "a" is analysed again.
        #expect(calls == 4)
        #expect(cache.count <= 2)
    }
}
