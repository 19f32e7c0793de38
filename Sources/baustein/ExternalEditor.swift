import Foundation

/// Opens a text in the person's editor, the way `git commit` does: `$VISUAL`, then `$EDITOR`, else the first of
/// `sensible-editor`, `editor`, `nano`, `vi` that exists. The editor runs in Baustein's own process group, so it
/// owns the terminal like any foreground program; the draft lives in a private folder (0700, file 0600) that is
/// removed afterwards, also after an error or Ctrl-C.
struct ExternalEditor {
    /// The shell command that starts the editor (`vi`, `code --wait`, …).
    var command: String

    /// The editor to use, or nil when none is set or installed (then text is edited inline).
    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> ExternalEditor? {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return ExternalEditor(command: value) }
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for candidate in ["sensible-editor", "editor", "nano", "vi"] {
            if path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(candidate)") }) {
                return ExternalEditor(command: candidate)
            }
        }
        return nil
    }

    /// Lets the person edit `text`; returns what the file holds when the editor ends successfully.
    ///
    /// - Throws: ``UserError`` when the editor cannot start or ends with an error (nothing is saved then).
    func edit(_ text: String, fileName: String = "antwort.txt") throws -> String {
        let folder = try Self.privateFolder()
        let session = TerminalSession.shared
        let cleanup = session.add { Self.remove(folder) }
        defer {
            Self.remove(folder)
            session.remove(cleanup)
        }
        let path = folder + "/" + fileName
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw UserError("Entwurfsdatei \(path) nicht anlegbar (\(String(cString: strerror(errno)))).") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else { throw UserError("Entwurfsdatei \(path) nicht schreibbar; Speicherplatz prüfen.") }
        let status = try session.whileEditorRuns { try run(path) }
        guard status == 0 else {
            throw UserError("Der Editor (\(command)) wurde mit Fehler beendet (Status \(status)); nichts gespeichert.")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("Der Editor hat die Entwurfsdatei entfernt; nichts gespeichert.") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `/bin/sh -c '<command> "$1"' sh <path>` in this process group with default signal handling and waits.
    private func run(_ path: String) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Baustein ignores these while it waits for keys; the editor must get the usual behaviour back.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let arguments = ["/bin/sh", "-c", command + " \"$1\"", "sh", path]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", nil, &attributes, &argv, environ)
        guard result == 0 else { throw UserError("Der Editor (\(command)) ließ sich nicht starten (\(String(cString: strerror(result)))).") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw UserError("Auf den Editor (\(command)) konnte nicht gewartet werden.") }
        }
        // WIFEXITED / WEXITSTATUS as macros are not visible in Swift.
        let signalled = status & 0x7F
        return signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
    }

    /// A new folder only this user can enter, in `$TMPDIR` or /tmp.
    private static func privateFolder() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("baustein-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else {
            throw UserError("Kein privater Ordner für den Entwurf in \(base) (\(String(cString: strerror(errno)))); TMPDIR prüfen.")
        }
        return String(cString: created)
    }

    private static func remove(_ folder: String) {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
