import Foundation
import Synchronization

/// Recent questions' vectors in memory, so that a question is embedded once: a burst of matching embeds its questions
/// together beforehand (``MeaningChannel/embedQueries(_:priority:)``), and a repeated text (the same comment posted
/// many times) costs nothing.
///
/// Bounded: beyond ``capacity`` texts the oldest are forgotten first.
final class QueryVectorCache: Sendable {
    private struct State {
        var vectors: [String: [Float]] = [:]
        /// Insertion order, as a ring over ``capacity`` slots.
        var order: [String] = []
        var next = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
    }

    func vector(for text: String) -> [Float]? {
        state.withLock { $0.vectors[text] }
    }

    /// The texts of `texts` without a stored vector, each once, in order.
    func missing(_ texts: [String]) -> [String] {
        state.withLock { state in
            var seen: Set<String> = []
            return texts.filter { state.vectors[$0] == nil && seen.insert($0).inserted }
        }
    }

    func store(_ vector: [Float], for text: String) {
        state.withLock { state in
            guard state.vectors.updateValue(vector, forKey: text) == nil else { return }
            if state.order.count < capacity {
                state.order.append(text)
            } else {
                state.vectors.removeValue(forKey: state.order[state.next])
                state.order[state.next] = text
                state.next = (state.next + 1) % capacity
            }
        }
    }

    var count: Int { state.withLock { $0.vectors.count } }
}
