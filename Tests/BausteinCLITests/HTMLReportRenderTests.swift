import BausteinTestSupport
import Foundation
import Testing

/// `baustein report html` run as a person would: the real binary writes the report from a demo database, and
/// headless Chromium (when installed) shows it.
@Suite("HTML report rendering")
struct HTMLReportRenderTests {
    /// The `chromium` command on PATH, if there is one (Debian package `chromium`).
    static let chromium: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("chromium") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    @Test("the binary writes a self-contained German report from the example messages")
    func writesReport() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let html = try workspace.report()
        #expect(html.contains("<html lang=\"de\">"))
        #expect(html.contains("<h2>Kennzahlen</h2>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Anfragen<b>23</b>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.lowercased().contains("<link"))
        #expect(html.firstMatch(of: try Regex(#"(src|href)\s*=\s*["']?\s*(https?:)?//"#).ignoresCase()) == nil)
        // The emergency message names a street; the report must not.
        #expect(!html.contains("Lindenstraße"))
    }

    @Test(
        "headless Chromium renders the report to a screenshot that is not blank",
        .enabled(if: chromium != nil, "needs chromium on PATH (Debian package 'chromium')"))
    func rendersInChromium() throws {
        let browser = try #require(Self.chromium)
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try workspace.report()
        let blankPage = workspace.directory.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blankPage)

        let screenshot = try Self.render(workspace.directory.appendingPathComponent("report.html"), with: browser, in: workspace)
        let blank = try Self.render(blankPage, with: browser, in: workspace)
        #expect(screenshot.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        // A white page of this size compresses to a few KB; text, cards and the chart take many times that.
        #expect(screenshot.count > 20_000, "screenshot has only \(screenshot.count) bytes")
        #expect(
            screenshot.count > 5 * blank.count, "screenshot (\(screenshot.count) bytes) is hardly larger than a blank page (\(blank.count) bytes)")
    }

    /// Renders a page at 1000×1800 and returns the PNG's bytes.
    static func render(_ page: URL, with browser: URL, in workspace: Workspace) throws -> Data {
        let output = workspace.directory.appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".png")
        let result = try workspace.run(
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1000,1800",
                "--screenshot=\(output.path)", page.absoluteString,
            ], program: browser, timeout: 120)
        try #require(FileManager.default.fileExists(atPath: output.path), "Chromium wrote no screenshot: \(result)")
        return try Data(contentsOf: output)
    }

    /// A temporary folder with its own database, and runs of `baustein` from the repository (for its snippets,
    /// knowledge and `baustein.yaml`).
    struct Workspace {
        let directory: URL

        init() throws {
            directory = try TestEnvironment.temporaryDirectory()
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        /// Builds the demo database (sync, the example messages moved to the last hours, a confirmed and sent reply)
        /// and returns the HTML report the binary writes.
        func report(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
            let messages = try shiftedExamples()
            for (arguments, input) in [
                (["sync"], nil), (["intake"], messages), (["confirm", "1", "--as", "anna"], nil),
                (["outbox", "export", "--jsonl", "--as", "admin"], nil), (["outbox", "mark-sent", "1", "--as", "admin"], nil),
                (["report", "html", "--out", directory.appendingPathComponent("report.html").path], nil),
            ] as [([String], Data?)] {
                let result = try run(arguments, input: input)
                #expect(result.status == 0, "baustein \(arguments.joined(separator: " ")): \(result)", sourceLocation: sourceLocation)
            }
            return try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        }

        /// The example messages with arrival times in the last hours, so that the report's default period holds them
        /// whatever today's date.
        func shiftedExamples() throws -> Data {
            let text = try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("examples/messages.jsonl"), encoding: .utf8)
            let now = Date()
            var lines: [String] = []
            for (index, line) in text.split(separator: "\n").enumerated() {
                var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                object["received_at"] = ISO8601DateFormatter().string(from: now.addingTimeInterval(-Double(index + 1) * 1800))
                lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            }
            return Data((lines.joined(separator: "\n") + "\n").utf8)
        }

        /// Runs `baustein` (or `program`) in the repository with this workspace's database.
        func run(_ arguments: [String], program: URL? = nil, input: Data? = nil, timeout: TimeInterval = 60) throws -> CLIHarness.Run {
            // The report needs no meaning channel; the harness turns it off (embedding the example base takes minutes).
            try CLIHarness.run(
                arguments, in: TestEnvironment.repositoryRoot, program: program, database: nil, input: input,
                environment: ["BAUSTEIN_DATABASE": directory.appendingPathComponent("demo.sqlite").path], timeout: timeout)
        }
    }
}
