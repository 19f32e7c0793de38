import Foundation
import Synchronization

/// The slots of words already analysed against the current index: compound splitting, typo correction and
/// thesaurus lookups cost far more than the rest of a question's analysis, and citizens use the same words in
/// message after message.
///
/// Valid for one index generation and one set of weights; bounded, and emptied when full.
final class WordSlotCache: Sendable {
    private struct State {
        var generation = ""
        var weights: MatchWeights?
        var slots: [AnalyzedWord: [QuerySlot]] = [:]
    }

    private let state = Mutex(State())
    let limit: Int

    /// Number of words held now.
    var count: Int { state.withLock { $0.slots.count } }

    init(limit: Int = 50_000) {
        self.limit = limit
    }

    /// The cached slots of `word`, or `make()`'s, which are then kept.
    func slots(for word: AnalyzedWord, generation: String, weights: MatchWeights, make: () -> [QuerySlot]) -> [QuerySlot] {
        let cached = state.withLock { state in
            if generation != state.generation || weights != state.weights {
                state.slots.removeAll()
                state.generation = generation
                state.weights = weights
            }
            return state.slots[word]
        }
        if let cached { return cached }
        let fresh = make()
        state.withLock { state in
            guard generation == state.generation && weights == state.weights else { return }
            if state.slots.count >= limit { state.slots.removeAll(keepingCapacity: true) }
            state.slots[word] = fresh
        }
        return fresh
    }
}
