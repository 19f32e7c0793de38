import Foundation

/// The slots of words already analysed against the current index: compound splitting, typo correction and
/// thesaurus lookups cost far more than the rest of a question's analysis, and citizens use the same words in
/// message after message.
///
/// Valid for one index generation and one set of weights; bounded, and emptied when full.
final class WordSlotCache: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = ""
    private var weights: MatchWeights?
    private var slots: [AnalyzedWord: [QuerySlot]] = [:]
    let limit: Int

    /// Number of words held now.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return slots.count
    }

    init(limit: Int = 50_000) {
        self.limit = limit
    }

    /// The cached slots of `word`, or `make()`'s, which are then kept.
    func slots(for word: AnalyzedWord, generation: String, weights: MatchWeights, make: () -> [QuerySlot]) -> [QuerySlot] {
        lock.lock()
        if generation != self.generation || weights != self.weights {
            slots.removeAll()
            self.generation = generation
            self.weights = weights
        }
        let cached = slots[word]
        lock.unlock()
        if let cached { return cached }
        let fresh = make()
        lock.lock()
        if generation == self.generation && weights == self.weights {
            if slots.count >= limit { slots.removeAll(keepingCapacity: true) }
            slots[word] = fresh
        }
        lock.unlock()
        return fresh
    }
}
