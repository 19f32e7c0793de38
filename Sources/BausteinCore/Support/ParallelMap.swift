import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// Maps the elements on all processor cores, keeping their order; the first error thrown is rethrown.
    ///
    /// For CPU-bound work that is safe to run concurrently (matching, whose database reads run on separate
    /// connections of the pool).
    func parallelMap<T: Sendable>(_ transform: @Sendable (Element) throws -> T) throws -> [T] {
        let workers = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count)
        guard workers > 1 else { return try map(transform) }
        let results = ResultSlots<T>(count: count)
        let elements = self
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: elements.count, by: workers) {
                results.set(index, Result { try transform(elements[index]) })
            }
        }
        return try results.values()
    }
}

/// One result slot per element, filled from several threads.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<T, any Error>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    func values() throws -> [T] {
        try slots.map { try $0!.get() }
    }
}
