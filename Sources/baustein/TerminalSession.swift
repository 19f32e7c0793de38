import Dispatch
import Foundation

/// Keeps an interactive session tidy whatever ends it: `q`, end of input, Ctrl-C, SIGTERM or SIGHUP restore the
/// terminal's settings and run the registered clean-ups (release the claimed item, remove a draft file) before the
/// process exits. Ctrl-Z leaves the terminal as it found it and takes the key mode back on return.
///
/// Signals are received by dispatch sources on their own queue (the process ignores them otherwise), so the clean-ups
/// run in ordinary code, not in a signal handler, even while the main thread waits for a key.
final class TerminalSession: @unchecked Sendable {
    static let shared = TerminalSession()

    private let lock = NSLock()
    private var cleanups: [Int: () -> Void] = [:]
    private var nextToken = 0
    private var original: termios?
    private var rawActive = false
    private var editorRunning = false
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "baustein.signals")

    /// Starts listening for SIGINT, SIGTERM, SIGHUP, SIGTSTP and SIGCONT; called once by the interactive commands.
    func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        if isatty(STDIN_FILENO) == 1 {
            var settings = termios()
            if tcgetattr(STDIN_FILENO, &settings) == 0 { original = settings }
        }
        for number in [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in self.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// Registers work to do if the session is ended by a signal; returns a token for ``remove(_:)``.
    func add(_ cleanup: @escaping () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        nextToken += 1
        cleanups[nextToken] = cleanup
        return nextToken
    }

    func remove(_ token: Int) {
        lock.lock()
        cleanups[token] = nil
        lock.unlock()
    }

    /// Runs `body` with the terminal in key mode (no line editing, no echo); the previous settings come back after,
    /// also when a signal ends the process meanwhile.
    func withKeyMode<T>(_ body: () -> T) -> T {
        guard isatty(STDIN_FILENO) == 1 else { return body() }
        lock.lock()
        if original == nil {
            var settings = termios()
            if tcgetattr(STDIN_FILENO, &settings) == 0 { original = settings }
        }
        rawActive = true
        enterKeyModeLocked()
        lock.unlock()
        defer {
            lock.lock()
            rawActive = false
            restoreLocked()
            lock.unlock()
        }
        return body()
    }

    /// Marks an external program (the editor) as owning the terminal: Ctrl-C is its business then, not ours.
    func whileEditorRuns<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        editorRunning = true
        lock.unlock()
        defer {
            lock.lock()
            editorRunning = false
            lock.unlock()
        }
        return try body()
    }

    /// Discards what was typed ahead (or what a terminal answered to a query) before a key is read.
    static func discardPendingInput() {
        if isatty(STDIN_FILENO) == 1 { tcflush(STDIN_FILENO, TCIFLUSH) }
    }

    private func enterKeyModeLocked() {
        guard var raw = original else { return }
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    private func restoreLocked() {
        guard var settings = original else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    private func received(_ number: Int32) {
        switch number {
        case SIGTSTP:
            lock.lock()
            restoreLocked()
            lock.unlock()
            // Stop for real: the default action, then back to ignoring once continued.
            signal(SIGTSTP, SIG_DFL)
            raise(SIGTSTP)
            signal(SIGTSTP, SIG_IGN)
        case SIGCONT:
            lock.lock()
            if rawActive { enterKeyModeLocked() }
            lock.unlock()
        case SIGINT where isEditorRunning:
            // The editor has the terminal and handles Ctrl-C itself (as with `git commit`).
            break
        default:
            terminate(signal: number)
        }
    }

    private var isEditorRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return editorRunning
    }

    /// Restores the terminal, runs the clean-ups once and exits with 128 + the signal's number.
    private func terminate(signal number: Int32) {
        lock.lock()
        restoreLocked()
        let work = cleanups.sorted { $0.key > $1.key }.map(\.value)
        cleanups = [:]
        lock.unlock()
        Swift.print("")
        for cleanup in work { cleanup() }
        fflush(nil)
        _exit(128 + number)
    }
}
