import Foundation
import Testing

/// A real terminal for the screens' tests: one tmux window of a given size, on a tmux server of its own, running a
/// shell command. The tests type keys into it and read back what a person would see (the text, its colours and the
/// window title), waiting for screen content rather than sleeping, so that they hold on a loaded machine.
final class TmuxPane {
    /// tmux from Debian's package (`make deps` installs it).
    static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }
    static let missing = "tmux is not installed: 'make deps' (or apt-get install tmux) brings it; the terminal tests need a real terminal"

    /// Short on purpose: a unix socket path may not exceed 107 bytes.
    let socket = "/tmp/bt-\(UUID().uuidString.prefix(12))"
    let width: Int

    /// Starts `command` (run by `sh -c`) in a detached window of `width` × `height`.
    init(_ command: String, width: Int, height: Int = 60) throws {
        self.width = width
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", String(width), "-y", String(height), command], capture: false)
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    /// Runs a tmux command against this pane's server and returns what it printed.
    ///
    /// Spawned directly, with every descriptor above 2 closed in the child and waited for with `waitpid`: the tmux
    /// server forks off the first client and keeps what that client inherited. Foundation's `Process` watches its
    /// child through a descriptor the child inherits, so a server holding it (or one from a concurrent test's
    /// `Process`) made `waitUntilExit` and the other test's reads wait forever.
    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let executable = try #require(Self.executable, Comment(rawValue: Self.missing))
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        environment["TERM"] = "xterm-256color"
        var descriptors: [Int32] = [-1, -1]
        if capture {
            guard pipe(&descriptors) == 0 else { throw POSIXError(.EMFILE) }
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, descriptors[1], 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        _ = Self.closeFrom(&actions, 3)
        let argv = ([executable, "-S", socket] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // As a person's shell would start it: no signal blocked or ignored. The test runner's threads block signals,
        // and the server and the programs in its pane would inherit that (a blocked SIGHUP outlives kill-server, and
        // the program under test would see signals differently than at a real terminal).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        if capture { close(descriptors[1]) }
        guard spawned == 0 else {
            if capture { close(descriptors[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        var data = Data()
        if capture {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(descriptors[0], &buffer, buffer.count)
                if count > 0 {
                    data.append(contentsOf: buffer[0..<count])
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            close(descriptors[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: data, as: UTF8.self)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not export.
    static let closeFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        precondition(symbol != nil, "glibc 2.34 or later is needed for the terminal tests")
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// The screen and its scrollback as text; with `colors`, with the SGR sequences of coloured cells.
    func screen(colors: Bool = false) -> String {
        (try? tmux(["capture-pane", "-p", "-t", "t", "-S", "-500"] + (colors ? ["-e"] : []))) ?? ""
    }

    /// The window title as the terminal shows it (what an OSC 0 sequence would change).
    func title() -> String {
        ((try? tmux(["display-message", "-p", "-t", "t", "#{pane_title}"])) ?? "").trimmingCharacters(in: .newlines)
    }

    /// Types text literally.
    func type(_ text: String) { _ = try? tmux(["send-keys", "-t", "t", "-l", text]) }

    /// Presses a named key (`Enter`, `C-c`, `C-d`).
    func press(_ key: String) { _ = try? tmux(["send-keys", "-t", "t", key]) }

    /// The pid of the shell that runs the command.
    func shellPID() -> pid_t? { Int32(((try? tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)) }

    /// Waits (at most `timeout` seconds) until the screen satisfies `condition`; records an issue and returns the last
    /// screen otherwise.
    @discardableResult
    func waitFor(
        _ what: String, timeout: TimeInterval = 90, sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool
    ) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = self.screen()
        while !condition(screen) {
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what); screen:\n\(screen)", sourceLocation: sourceLocation)
                return screen
            }
            usleep(50_000)
            screen = self.screen()
        }
        return screen
    }

    /// Waits for `text` to appear on the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 90, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The processes whose parent is `pid` (from /proc).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }

    /// Quotes a word for `sh`.
    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
