import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How CPU-bound work competes with the rest of the process.
public enum WorkPriority: Sendable {
    /// As any other thread of the process.
    case normal
    /// On threads of their own with a lower scheduling priority (10 nice steps lower on Linux): they take the CPU
    /// the rest of the process leaves over, so a server keeps answering requests quickly while a backlog is worked off.
    case background
}

extension Array where Element: Sendable {
    /// Maps the elements on all processor cores, keeping their order; the first error thrown is rethrown.
    ///
    /// For CPU-bound work that is safe to run concurrently (matching, whose database reads run on separate
    /// connections of the pool).
    func parallelMap<T: Sendable>(priority: WorkPriority = .normal, _ transform: @escaping @Sendable (Element) throws -> T) throws -> [T] {
        let workers = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count)
        guard !isEmpty else { return [] }
        let results = ResultSlots<T>(count: count)
        let elements = self
        let work: @Sendable (Int) -> Void = { worker in
            for index in stride(from: worker, to: elements.count, by: workers) {
                results.set(index, Result { try transform(elements[index]) })
            }
        }
        switch priority {
        case .normal:
            guard workers > 1 else { return try map(transform) }
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        case .background:
            // Threads of their own: lowering the priority of a shared pool thread would slow whatever runs on it next.
            let done = DispatchGroup()
            for worker in 0..<workers {
                done.enter()
                let thread = Thread {
                    lowerCurrentThreadPriority()
                    work(worker)
                    done.leave()
                }
                thread.start()
            }
            done.wait()
        }
        return try results.values()
    }
}

/// Lowers the calling thread's scheduling priority by 10 nice steps (at most to 19), relative to what it
/// inherited, so a server started with `nice` keeps the same distance. On Linux the nice value belongs to each
/// thread, and `setpriority(PRIO_PROCESS, 0, …)` changes the calling thread only; elsewhere this is a no-op.
private func lowerCurrentThreadPriority() {
    #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        _ = setpriority(which, 0, min(getpriority(which, 0) + 10, 19))
    #endif
}

/// One result slot per element, filled from several threads.
private final class ResultSlots<T: Sendable>: Sendable {
    private let slots: Mutex<[Result<T, any Error>?]>

    init(count: Int) {
        slots = Mutex(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ result: Result<T, any Error>) {
        slots.withLock { $0[index] = result }
    }

    func values() throws -> [T] {
        try slots.withLock { $0 }.map { try $0!.get() }
    }
}
