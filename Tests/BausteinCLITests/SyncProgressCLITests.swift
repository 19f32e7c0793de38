import BausteinTestSupport
import Foundation
import Testing

/// A long sync shows how far it has come at a terminal, and only there: a pipe or `--json` gets the plain output.
@Suite("sync progress")
struct SyncProgressCLITests {
    /// Enough snippets for several batches of progress; the line is asked for from the first batch
    /// (`BAUSTEIN_PROGRESS_DELAY=0`), because a fast machine syncs them in less than the usual half second.
    static let count = 4_000

    static func workspace() throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory()
        for index in 0..<count {
            try TestEnvironment.write(
                TestEnvironment.snippetFile(
                    id: "thema-\(index)", title: "Thema \(index) beantragen", questions: ["Wie beantrage ich Thema \(index)?"],
                    body: "Guten Tag {{name}}, Thema \(index) beantragen Sie im Bürgeramt, Zimmer \(index % 97)."),
                to: "snippets/teil-\(index % 20)/thema-\(index).md", in: directory)
        }
        try TestEnvironment.write("name: \"Stadt Musterstadt\"\n", to: "knowledge/authority.yaml", in: directory)
        return directory
    }

    /// Runs `baustein ARGUMENTS` in a pseudo-terminal (util-linux `script`), as a person at a terminal would.
    static func runAtTerminal(_ arguments: [String], in directory: URL) throws -> (status: Int32, screen: String) {
        let binary = try #require(CLIHarness.binary, "baustein binary not found next to the tests; build with 'swift build --build-tests'")
        let command = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        for name in CLIHarness.isolatedVariables { environment[name] = nil }
        environment["BAUSTEIN_EMBEDDINGS"] = "off"
        environment["BAUSTEIN_DATABASE"] = directory.appendingPathComponent("db/baustein.sqlite").path
        environment["TERM"] = "xterm"
        environment["BAUSTEIN_PROGRESS_DELAY"] = "0"
        process.environment = environment
        let screen = directory.appendingPathComponent("screen.txt")
        _ = FileManager.default.createFile(atPath: screen.path, contents: nil)
        let handle = try FileHandle(forWritingTo: screen)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: screen, encoding: .utf8))
    }

    @Test(
        "at a terminal a long sync shows how many snippets are done and erases the line before its report",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is missing"))
    func progressAtTerminal() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try Self.runAtTerminal(["sync"], in: directory)
        #expect(run.status == 0, "\(run.screen)")
        #expect(run.screen.contains("Textbausteine: "), "\(run.screen.prefix(2_000))")
        #expect(run.screen.contains(" von \(Self.count) ("), "\(run.screen.prefix(2_000))")
        // The line is erased, and the report starts on a clean line.
        #expect(run.screen.contains("\r\u{1B}[2Kneu: \(Self.count), geändert: 0"), "\(run.screen.suffix(2_000))")
    }

    @Test("in a pipe the same sync prints its report alone, and --json exactly one object")
    func plainInPipe() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try CLIHarness.run(["sync", "--json"], in: directory)
        #expect(first.status == 0 && first.stderr.isEmpty, "\(first.stderr)")
        #expect((try first.json()["added"] as? [String])?.count == Self.count)
        let second = try CLIHarness.run(["sync"], in: directory)
        #expect(second.stderr.isEmpty && !second.stdout.contains("\u{1B}"), "\(second)")
        #expect(second.stdout.hasPrefix("neu: 0, geändert: 0, unverändert: \(Self.count)"), "\(second)")
    }
}
