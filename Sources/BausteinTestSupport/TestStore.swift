import BausteinCore
import BausteinPostgres
import Foundation

/// Which store the workflow tests run on: the SQLite file in memory, or a PostgreSQL server shared as by several
/// servers, when `BAUSTEIN_TEST_STORE=postgres` and `BAUSTEIN_TEST_POSTGRES` (a URL, `make pg` prints it) are set.
/// `make test` runs the workflow suites once on each.
public enum TestStore {
    /// Whether the tests are to run on PostgreSQL.
    public static let usesPostgres: Bool = ProcessInfo.processInfo.environment["BAUSTEIN_TEST_STORE"] == "postgres"

    /// A new, empty knowledge base on the chosen store: in memory, or a database of its own on the PostgreSQL server
    /// (with this process's index in a temporary file).
    public static func knowledgeBase(clock: WallClock) throws -> KnowledgeBase {
        guard usesPostgres else { return try KnowledgeBase.inMemory(clock: clock) }
        guard let url = ProcessInfo.processInfo.environment["BAUSTEIN_TEST_POSTGRES"], !url.isEmpty else {
            throw TestStoreError.serverMissing
        }
        var settings = try PostgresSettings(url: url)
        let name = "wf_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresDatabase(settings: settings)
        defer { admin.close() }
        try admin.autocommit { db in try db.execute("CREATE DATABASE \(name)") }
        settings.database = name
        // Few connections each: hundreds of fixtures run at once against one test server.
        settings.poolSize = 3
        let index = try TestEnvironment.temporaryDirectory().appendingPathComponent("index.sqlite").path
        return try KnowledgeBase(indexPath: index, shared: try PostgresDatabase(settings: settings), clock: clock)
    }
}

/// The PostgreSQL store was asked for without a server.
public enum TestStoreError: Error, CustomStringConvertible {
    case serverMissing

    public var description: String {
        "BAUSTEIN_TEST_STORE=postgres braucht BAUSTEIN_TEST_POSTGRES: `make pg` starten und die ausgegebene URL exportieren."
    }
}
