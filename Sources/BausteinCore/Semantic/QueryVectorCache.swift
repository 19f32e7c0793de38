import Foundation

/// Recent questions' vectors in memory, so that a question is embedded once: a burst of matching embeds its questions
/// together beforehand (``MeaningChannel/embedQueries(_:priority:)``), and a repeated text (the same comment posted
/// many times) costs nothing.
///
/// Bounded: beyond ``capacity`` texts the oldest are forgotten first.
final class QueryVectorCache: @unchecked Sendable {
    let capacity: Int
    private let lock = NSLock()
    private var vectors: [String: [Float]] = [:]
    /// Insertion order, as a ring over ``capacity`` slots.
    private var order: [String] = []
    private var next = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func vector(for text: String) -> [Float]? {
        lock.withLock { vectors[text] }
    }

    /// The texts of `texts` without a stored vector, each once, in order.
    func missing(_ texts: [String]) -> [String] {
        lock.withLock {
            var seen: Set<String> = []
            return texts.filter { vectors[$0] == nil && seen.insert($0).inserted }
        }
    }

    func store(_ vector: [Float], for text: String) {
        lock.withLock {
            guard vectors.updateValue(vector, forKey: text) == nil else { return }
            if order.count < capacity {
                order.append(text)
            } else {
                vectors.removeValue(forKey: order[next])
                order[next] = text
                next = (next + 1) % capacity
            }
        }
    }

    var count: Int { lock.withLock { vectors.count } }
}
