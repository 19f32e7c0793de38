import BausteinTestSupport
import Foundation
import Testing

/// Runs the real `baustein` binary (or another program, such as the browser that renders a report) as a person or a
/// script would: arguments and standard input in, text and exit code out. Shared by every suite of the CLI tests.
enum CLIHarness {
    /// What one run of the binary printed and how it ended.
    struct Run: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

        /// Standard error without the one-line warning every command prints under `identity: trust-cli`.
        var errors: String {
            stderr.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("Warnung: identity: trust-cli") }.joined(separator: "\n")
        }

        /// The single JSON object printed on stdout.
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            return try #require(object as? [String: Any], "stdout is not one JSON object: \(stdout)")
        }

        /// One JSON object per non-empty stdout line (the `--json` and `--jsonl` outputs).
        func jsonLines() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any], "line is not a JSON object: \(line)")
            }
        }
    }

    /// The built `baustein` executable: next to the running test bundle, for `.build` and any `--scratch-path`.
    static let binary: URL? = {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["BAUSTEIN_BINARY"], fileManager.isExecutableFile(atPath: override) {
            return URL(fileURLWithPath: override)
        }
        var directories: [URL] = []
        // Linux: the test bundle is an executable in the build folder; macOS: a .xctest bundle in it.
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
        for bundle in [Bundle.main] + Bundle.allBundles {
            var url = bundle.bundleURL.resolvingSymlinksInPath()
            for _ in 0..<4 {
                directories.append(url)
                url.deleteLastPathComponent()
            }
        }
        for directory in directories {
            let candidate = directory.appendingPathComponent("baustein")
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                fileManager.isExecutableFile(atPath: candidate.path)
            {
                return candidate
            }
        }
        // Last resort: any build folder of this package, newest binary first.
        let root = TestEnvironment.repositoryRoot
        let builds = (try? fileManager.contentsOfDirectory(atPath: root.path))?.filter { $0.hasPrefix(".build") } ?? []
        let candidates = builds.map { root.appendingPathComponent($0).appendingPathComponent("debug/baustein") }
            .filter { fileManager.isExecutableFile(atPath: $0.path) }
        return candidates.max { modified($0) < modified($1) }
    }()

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// Variables of the developer's shell that would change what the binary does; tests set them explicitly.
    static let isolatedVariables = [
        "BAUSTEIN_USER", "BAUSTEIN_CONFIG", "BAUSTEIN_DATABASE", "BAUSTEIN_SERVER", "BAUSTEIN_TOKEN", "BAUSTEIN_TOKEN_FILE", "VISUAL", "EDITOR",
    ]

    /// A started process; ``wait(timeout:sourceLocation:)`` collects what it printed.
    final class Launched {
        let arguments: [String]
        let process: Process
        private let outputURL: URL
        private let errorURL: URL
        private let inputURL: URL?
        private let handles: [FileHandle]

        fileprivate init(arguments: [String], process: Process, outputURL: URL, errorURL: URL, inputURL: URL?, handles: [FileHandle]) {
            self.arguments = arguments
            self.process = process
            self.outputURL = outputURL
            self.errorURL = errorURL
            self.inputURL = inputURL
            self.handles = handles
        }

        /// Waits (at most `timeout` seconds) for the process to end and returns its output.
        func wait(timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation) throws -> Run {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                process.terminate()
                let command = ([process.executableURL?.lastPathComponent ?? "?"] + arguments).joined(separator: " ")
                Issue.record("\(command) did not finish within \(Int(timeout)) s", sourceLocation: sourceLocation)
            }
            process.waitUntilExit()
            for handle in handles { try handle.close() }
            defer {
                for url in [outputURL, errorURL] + (inputURL.map { [$0] } ?? []) { try? FileManager.default.removeItem(at: url) }
            }
            // Lossy decoding: a test that feeds broken bytes must still see what came back.
            return Run(
                status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
        }
    }

    /// Starts `baustein` in `directory` with `BAUSTEIN_DATABASE` set (unless `database` is nil) and returns at once.
    ///
    /// - Parameters:
    ///   - program: what to run instead of `baustein` (in the same isolated environment).
    ///   - input: bytes for standard input (empty input when nil).
    ///   - environment: extra variables; the ``isolatedVariables`` are removed from the inherited environment first.
    static func start(
        _ arguments: [String], in directory: URL, program: URL? = nil, database: String? = "db/baustein.sqlite", input: Data? = nil,
        environment extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Launched {
        let executable = try #require(
            program ?? Self.binary, "baustein binary not found next to the tests; build with 'swift build --build-tests'",
            sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for name in isolatedVariables { environment[name] = nil }
        // Rankings in these tests are the words' own; the meaning channel has tests of its own.
        environment["BAUSTEIN_EMBEDDINGS"] = "off"
        environment["BAUSTEIN_DATABASE"] = database.map { directory.appendingPathComponent($0).path }
        // A login of the developer's own account (client mode) must never reach a test: each workspace has its own.
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent(".config").path
        environment.merge(extra) { _, new in new }
        process.environment = environment
        // Files rather than pipes: a chatty child can never block on a full pipe buffer.
        let capture = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outputURL = capture.appendingPathComponent("baustein-stdout-\(token)")
        let errorURL = capture.appendingPathComponent("baustein-stderr-\(token)")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        var handles = [output, error]
        process.standardOutput = output
        process.standardError = error
        var inputURL: URL?
        if let input {
            let url = capture.appendingPathComponent("baustein-stdin-\(token)")
            try input.write(to: url)
            let handle = try FileHandle(forReadingFrom: url)
            handles.append(handle)
            process.standardInput = handle
            inputURL = url
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        return Launched(arguments: arguments, process: process, outputURL: outputURL, errorURL: errorURL, inputURL: inputURL, handles: handles)
    }

    /// Runs `baustein` (or `program`) in `directory` and waits for it at most `timeout` seconds; see
    /// ``start(_:in:program:database:input:environment:sourceLocation:)``.
    static func run(
        _ arguments: [String], in directory: URL, program: URL? = nil, database: String? = "db/baustein.sqlite", input: Data? = nil,
        environment: [String: String] = [:], timeout: TimeInterval = 60, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Run {
        try start(
            arguments, in: directory, program: program, database: database, input: input, environment: environment,
            sourceLocation: sourceLocation
        )
        .wait(timeout: timeout, sourceLocation: sourceLocation)
    }
}
