@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// `baustein sync`: the snippets folder is the truth, the database follows it, all or nothing, and nothing the
/// press office once approved is ever lost.
@Suite("Sync")
struct SyncTests {
    /// What a sync reported, comparable in one expectation.
    struct Changes: Equatable, CustomStringConvertible {
        var added: [String] = []
        var changed: [String] = []
        var unchanged: [String] = []
        var retired: [String] = []

        init(added: [String] = [], changed: [String] = [], unchanged: [String] = [], retired: [String] = []) {
            (self.added, self.changed, self.unchanged, self.retired) = (added, changed, unchanged, retired)
        }

        init(_ report: SyncReport) {
            self.init(added: report.added, changed: report.changed, unchanged: report.unchanged, retired: report.retired)
        }

        var description: String { "added \(added), changed \(changed), unchanged \(unchanged), retired \(retired)" }
    }

    /// A snippets folder with three snippets, removed by `deinit`-free `defer` in each test.
    static func makeFolder() throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory()
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "sperrmuell", title: "Sperrmüll anmelden", questions: ["Wie melde ich Sperrmüll an?", "Wann wird der Sperrmüll abgeholt?"],
                body: "Guten Tag {{name}}, Sperrmüll melden Sie online an."),
            to: "abfall/sperrmuell.md", in: directory)
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "personalausweis", title: "Personalausweis beantragen", questions: ["Wie beantrage ich einen Personalausweis?"],
                body: "Guten Tag {{name}}, den Personalausweis beantragen Sie im Bürgeramt."),
            to: "buergeramt/personalausweis.md", in: directory)
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "kitaplatz", title: "Kitaplatz anmelden", questions: ["Wie bekomme ich einen Kitaplatz?"],
                body: "Guten Tag {{name}}, den Kitaplatz melden Sie im Kita-Portal an."),
            to: "kita/kitaplatz.md", in: directory)
        return directory
    }

    static func library(_ directory: URL) throws -> SnippetLibrary {
        try SnippetLibrary.load(directory: directory, authority: AuthorityFacts())
    }

    /// Row counts of every table, to prove that a refused sync wrote nothing.
    static func counts(_ knowledgeBase: KnowledgeBase) throws -> [String: Int] {
        try knowledgeBase.index.read { db in
            var counts: [String: Int] = [:]
            for table in ["snippet", "snippet_version", "snippet_fts", "snippet_analysis", "learned_phrasing"] {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)")
            }
            counts["active"] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM snippet WHERE active = 1")
            return counts
        }
    }

    static func generation(_ knowledgeBase: KnowledgeBase) throws -> String? {
        try knowledgeBase.index.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'generation'") }
    }

    @Test("the first sync adds every snippet")
    func firstSync() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(Changes(report) == Changes(added: ["kitaplatz", "personalausweis", "sperrmuell"]))
        #expect(try knowledgeBase.activeSnippetCount() == 3)
        let snippet = try #require(try knowledgeBase.snippet(id: "sperrmuell"))
        #expect(snippet.title == "Sperrmüll anmelden")
        #expect(try knowledgeBase.versions(of: "sperrmuell").map(\.version) == [1])
    }

    @Test("a second sync changes nothing and leaves the index generation alone")
    func idempotent() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        let countsBefore = try Self.counts(knowledgeBase)
        let generationBefore = try Self.generation(knowledgeBase)

        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(Changes(report) == Changes(unchanged: ["kitaplatz", "personalausweis", "sperrmuell"]))
        #expect(!report.hasChanges)
        #expect(try Self.counts(knowledgeBase) == countsBefore)
        #expect(try Self.generation(knowledgeBase) == generationBefore)
        #expect(try knowledgeBase.versions(of: "kitaplatz").map(\.version) == [1])
    }

    @Test("a changed file becomes version 2; version 1 stays readable with its old text")
    func changedFile() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "sperrmuell", title: "Sperrmüll anmelden", questions: ["Wie melde ich Sperrmüll an?", "Wann wird der Sperrmüll abgeholt?"],
                body: "Guten Tag {{name}}, Sperrmüll melden Sie ab sofort telefonisch an."),
            to: "abfall/sperrmuell.md", in: directory)

        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(Changes(report) == Changes(changed: ["sperrmuell"], unchanged: ["kitaplatz", "personalausweis"]))
        #expect(try knowledgeBase.snippet(id: "sperrmuell")?.body == "Guten Tag {{name}}, Sperrmüll melden Sie ab sofort telefonisch an.")
        #expect(try knowledgeBase.snippet(id: "sperrmuell", version: 1)?.body == "Guten Tag {{name}}, Sperrmüll melden Sie online an.")
        #expect(try knowledgeBase.snippet(id: "sperrmuell", version: 2)?.body == "Guten Tag {{name}}, Sperrmüll melden Sie ab sofort telefonisch an.")
        let versions = try knowledgeBase.versions(of: "sperrmuell")
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions[0].contentHash != versions[1].contentHash)
        #expect(try knowledgeBase.snippet(id: "sperrmuell", version: 3) == nil)

        // The index follows the new text.
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        #expect(try matcher.match("Sperrmüll telefonisch anmelden").suggestions.first?.snippetID == "sperrmuell")
    }

    @Test("moving a file to another folder is not a change")
    func movedFile() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("familie"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: directory.appendingPathComponent("kita/kitaplatz.md"), to: directory.appendingPathComponent("familie/kitaplatz.md"))
        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(report.unchanged == ["kitaplatz", "personalausweis", "sperrmuell"])
        #expect(!report.hasChanges)
    }

    @Test("a deleted file retires its snippet: no longer suggested, versions kept")
    func deletedFile() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        #expect(try matcher.match("Wie bekomme ich einen Kitaplatz?").suggestions.first?.snippetID == "kitaplatz")

        try FileManager.default.removeItem(at: directory.appendingPathComponent("kita/kitaplatz.md"))
        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(Changes(report) == Changes(unchanged: ["personalausweis", "sperrmuell"], retired: ["kitaplatz"]))
        #expect(try knowledgeBase.snippet(id: "kitaplatz") == nil)
        #expect(try knowledgeBase.activeSnippetCount() == 2)
        let result = try matcher.match("Wie bekomme ich einen Kitaplatz?", limit: 10)
        #expect(!result.suggestions.contains { $0.snippetID == "kitaplatz" })
        #expect(result.abstained)
        let versions = try knowledgeBase.versions(of: "kitaplatz")
        #expect(versions.map(\.version) == [1])
        #expect(versions.first?.retired == true)
        #expect(try knowledgeBase.snippet(id: "kitaplatz", version: 1)?.title == "Kitaplatz anmelden")

        // Retiring happens once.
        #expect(Changes(try knowledgeBase.sync(try Self.library(directory))) == Changes(unchanged: ["personalausweis", "sperrmuell"]))
    }

    @Test("re-adding a retired id brings it back")
    func reAdded() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        let file = directory.appendingPathComponent("kita/kitaplatz.md")
        let contents = try String(contentsOf: file, encoding: .utf8)
        try FileManager.default.removeItem(at: file)
        try knowledgeBase.sync(try Self.library(directory))

        try contents.write(to: file, atomically: true, encoding: .utf8)
        let report = try knowledgeBase.sync(try Self.library(directory))
        #expect(report.added == ["kitaplatz"])
        #expect(report.retired.isEmpty)
        #expect(try knowledgeBase.snippet(id: "kitaplatz")?.title == "Kitaplatz anmelden")
        #expect(try knowledgeBase.activeSnippetCount() == 3)
        let matcher = try Matcher(knowledgeBase: knowledgeBase)
        #expect(try matcher.match("Wie bekomme ich einen Kitaplatz?").suggestions.first?.snippetID == "kitaplatz")
        #expect(try knowledgeBase.versions(of: "kitaplatz").count >= 1)
        // A further sync is a no-op again.
        #expect(!(try knowledgeBase.sync(try Self.library(directory))).hasChanges)
    }

    @Test("a lint error anywhere refuses the whole sync and leaves the database as it was")
    func lintErrorRefusesSync() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(try Self.library(directory))
        let before = try Self.counts(knowledgeBase)
        let generationBefore = try Self.generation(knowledgeBase)

        // A good change, a new snippet, a deletion, and one broken file.
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "sperrmuell", title: "Sperrmüll", questions: ["Sperrmüll?"], body: "Neu."),
            to: "abfall/sperrmuell.md", in: directory)
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "wohngeld", title: "Wohngeld", questions: ["Wohngeld?"]), to: "soziales/wohngeld.md", in: directory)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("kita/kitaplatz.md"))
        try TestEnvironment.write(
            TestEnvironment.snippetFile(id: "kaputt", title: "Kaputt", questions: ["Was?"], extra: "approved_until: 2027-01-01"),
            to: "zzz/kaputt.md", in: directory)

        let library = try Self.library(directory)
        let error = #expect(throws: SyncError.self) { try knowledgeBase.sync(library) }
        if case .lintFailed(let problems)? = error {
            #expect(problems.map(\.line) == [8])
            #expect(problems.first?.reason == .unknownField("approved_until"))
            #expect(error?.description.contains("an der Datenbank wurde nichts geändert") == true)
        }
        #expect(try Self.counts(knowledgeBase) == before)
        #expect(try Self.generation(knowledgeBase) == generationBefore)
        #expect(try knowledgeBase.snippet(id: "sperrmuell")?.body == "Guten Tag {{name}}, Sperrmüll melden Sie online an.")
        #expect(try knowledgeBase.snippet(id: "kitaplatz") != nil)
        #expect(try knowledgeBase.snippet(id: "wohngeld") == nil)
    }

    @Test("a file-backed database keeps snippets, versions and learned phrasings after reopening")
    func persistence() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("db/baustein.sqlite").path
        do {
            let knowledgeBase = try KnowledgeBase(path: path, clock: TestEnvironment.clock)
            #expect(try knowledgeBase.sync(try Self.library(directory)).added.count == 3)
            try knowledgeBase.learn(phrasing: "Mein Dackel braucht eine Marke", snippetID: "kitaplatz", origin: .confirmation)
        }
        #expect(FileManager.default.fileExists(atPath: path))

        let reopened = try KnowledgeBase(path: path, clock: TestEnvironment.clock)
        #expect(try reopened.activeSnippetCount() == 3)
        #expect(try reopened.snippet(id: "personalausweis")?.title == "Personalausweis beantragen")
        #expect(try reopened.learnedPhrasings(of: "kitaplatz") == ["Mein Dackel braucht eine Marke"])
        #expect(Changes(try reopened.sync(try Self.library(directory))) == Changes(unchanged: ["kitaplatz", "personalausweis", "sperrmuell"]))
        let matcher = try Matcher(knowledgeBase: reopened)
        #expect(try matcher.match("Wie beantrage ich einen Personalausweis?").suggestions.first?.snippetID == "personalausweis")
    }

    @Test("a file-backed database syncs every commit to disk (WAL with synchronous=FULL), so an acknowledged webhook survives a power failure")
    func durableCommits() throws {
        let directory = try Self.makeFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let knowledgeBase = try KnowledgeBase(path: directory.appendingPathComponent("baustein.sqlite").path, clock: TestEnvironment.clock)
        #expect(try knowledgeBase.index.write { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        // 2 = FULL (1 would be NORMAL, GRDB's default for WAL).
        #expect(try knowledgeBase.index.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") } == 2)
    }

    @Test("a database path that cannot be created is a clear error")
    func unopenableDatabase() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A file where the database's folder should be.
        try "kein Ordner".write(to: directory.appendingPathComponent("blocked"), atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) {
            try KnowledgeBase(path: directory.appendingPathComponent("blocked/baustein.sqlite").path, clock: TestEnvironment.clock)
        }
    }
}
