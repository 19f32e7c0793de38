import Dispatch
import Foundation
import Synchronization

/// Keeps an interactive session tidy whatever ends it: `q`, end of input, Ctrl-C, SIGTERM or SIGHUP restore the
/// terminal's settings and run the registered clean-ups (release the claimed item, remove a draft file) before the
/// process exits. Ctrl-Z leaves the terminal as it found it and takes the key mode back on return.
///
/// Signals are received by dispatch sources on their own queue (the process ignores them otherwise), so the clean-ups
/// run in ordinary code, not in a signal handler, even while the main thread waits for a key.
final class TerminalSession: Sendable {
    static let shared = TerminalSession()

    /// Everything the signal queue and the main thread share, behind one lock.
    private struct State {
        var cleanups: [Int: @Sendable () -> Void] = [:]
        var nextToken = 0
        var original: termios?
        var rawActive = false
        var editorRunning = false
        var sources: [any DispatchSourceSignal] = []
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "baustein.signals")

    /// Starts listening for SIGINT, SIGTERM, SIGHUP, SIGTSTP and SIGCONT; called once by the interactive commands.
    func install() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            if isatty(STDIN_FILENO) == 1 {
                var settings = termios()
                if tcgetattr(STDIN_FILENO, &settings) == 0 { state.original = settings }
            }
            for number in [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [unowned self] in self.received(number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    /// Registers work to do if the session is ended by a signal; returns a token for ``remove(_:)``.
    func add(_ cleanup: @escaping @Sendable () -> Void) -> Int {
        state.withLock { state in
            state.nextToken += 1
            state.cleanups[state.nextToken] = cleanup
            return state.nextToken
        }
    }

    func remove(_ token: Int) {
        state.withLock { state in state.cleanups[token] = nil }
    }

    /// Runs `body` with the terminal in key mode (no line editing, no echo); the previous settings come back after,
    /// also when a signal ends the process meanwhile.
    func withKeyMode<T>(_ body: () -> T) -> T {
        guard isatty(STDIN_FILENO) == 1 else { return body() }
        state.withLock { state in
            if state.original == nil {
                var settings = termios()
                if tcgetattr(STDIN_FILENO, &settings) == 0 { state.original = settings }
            }
            state.rawActive = true
            Self.enterKeyMode(state)
        }
        defer {
            state.withLock { state in
                state.rawActive = false
                Self.restore(state)
            }
        }
        return body()
    }

    /// Marks an external program (the editor) as owning the terminal: Ctrl-C is its business then, not ours.
    func whileEditorRuns<T>(_ body: () throws -> T) rethrows -> T {
        state.withLock { state in state.editorRunning = true }
        defer { state.withLock { state in state.editorRunning = false } }
        return try body()
    }

    /// Discards what was typed ahead (or what a terminal answered to a query) before a key is read.
    static func discardPendingInput() {
        if isatty(STDIN_FILENO) == 1 { tcflush(STDIN_FILENO, TCIFLUSH) }
    }

    /// Called with the lock held.
    private static func enterKeyMode(_ state: State) {
        guard var raw = state.original else { return }
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    /// Called with the lock held.
    private static func restore(_ state: State) {
        guard var settings = state.original else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    private func received(_ number: Int32) {
        switch number {
        case SIGTSTP:
            state.withLock { state in Self.restore(state) }
            // Stop for real: the default action, then back to ignoring once continued.
            signal(SIGTSTP, SIG_DFL)
            raise(SIGTSTP)
            signal(SIGTSTP, SIG_IGN)
        case SIGCONT:
            state.withLock { state in
                if state.rawActive { Self.enterKeyMode(state) }
            }
        case SIGINT where isEditorRunning:
            // The editor has the terminal and handles Ctrl-C itself (as with `git commit`).
            break
        default:
            terminate(signal: number)
        }
    }

    private var isEditorRunning: Bool {
        state.withLock { state in state.editorRunning }
    }

    /// Restores the terminal, runs the clean-ups once and exits with 128 + the signal's number.
    private func terminate(signal number: Int32) {
        let work = state.withLock { state in
            Self.restore(state)
            let work = state.cleanups.sorted { $0.key > $1.key }.map(\.value)
            state.cleanups = [:]
            return work
        }
        Swift.print("")
        for cleanup in work { cleanup() }
        fflush(nil)
        _exit(128 + number)
    }
}
