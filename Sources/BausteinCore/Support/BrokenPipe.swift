import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writing to a child process whose reader may be gone (a `sendmail` that exited early).
///
/// A write to a pipe without a reader raises SIGPIPE, whose default action ends the whole process: one broken
/// `sendmail` would take `baustein serve` down with every request in flight. SIGPIPE is blocked on the writing thread
/// for the write, so that it fails with EPIPE instead, and a SIGPIPE left pending by it is taken before the thread's
/// signal mask is restored. Nothing changes for the rest of the process.
public enum BrokenPipe {
    /// Writes all of `data` to `handle` and closes it.
    ///
    /// - Returns: false when the reader was gone (or the write failed otherwise); the caller reads the child's exit
    ///   status for what happened to the message.
    @discardableResult
    public static func write(_ data: Data, to handle: FileHandle) -> Bool {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer {
            // SIGPIPE from a write is sent to the writing thread: take it here, or restoring the mask delivers it.
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&pipeSignal, nil, &now)
            }
            pthread_sigmask(SIG_SETMASK, &previous, nil)
        }
        var written = true
        do { try handle.write(contentsOf: data) } catch { written = false }
        try? handle.close()
        return written
    }
}
