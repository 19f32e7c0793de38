import Foundation
import Synchronization

/// A result handed over from another thread, waited for with a deadline.
final class Outcome<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func set(_ result: Result<Value, any Error>) {
        self.result.withLock { $0 = result }
        done.signal()
    }

    /// The result, or nil when none came within `seconds`.
    func wait(seconds: Double = 10) -> Result<Value, any Error>? {
        guard waitFor(done, seconds: seconds) else { return nil }
        return result.withLock { $0 }
    }
}

/// Waits on another thread's signal for at most `seconds`.
func waitFor(_ semaphore: DispatchSemaphore, seconds: Double = 5) -> Bool {
    semaphore.wait(timeout: .now() + seconds) == .success
}

/// Runs `body` on a thread of its own (not Swift's cooperative pool, which the blocking store calls would hold).
func onThread(_ body: @escaping @Sendable () -> Void) {
    Thread.detachNewThread(body)
}
