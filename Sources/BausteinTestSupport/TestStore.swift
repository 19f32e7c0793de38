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
        let settings = try PostgresSettings(url: url)
        let index = try TestEnvironment.temporaryDirectory().appendingPathComponent("index.sqlite").path
        return try KnowledgeBase(indexPath: index, shared: try DisposableDatabase(server: settings), clock: clock)
    }
}

/// A database of its own on the test server for one fixture, dropped when the fixture's knowledge base lets go of it,
/// so that a test run leaves none behind (`scripts/postgres-test-server.sh start` drops those of a run that crashed).
final class DisposableDatabase: SharedDatabase {
    private let database: PostgresDatabase
    private let server: PostgresSettings
    private let name: String

    init(server: PostgresSettings) throws {
        let name = "wf_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.server = server
        self.name = name
        let admin = try PostgresDatabase(settings: server)
        defer { admin.close() }
        try admin.autocommit { db in try db.execute("CREATE DATABASE \(name)") }
        var settings = server
        settings.database = name
        // Few connections each: hundreds of fixtures run at once against one test server.
        settings.poolSize = 2
        database = try PostgresDatabase(settings: settings)
    }

    deinit {
        database.close()
        guard let admin = try? PostgresDatabase(settings: server) else { return }
        _ = try? admin.autocommit { db in try db.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        admin.close()
    }

    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T { try database.read(body) }
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T { try database.write(body) }
    func isReachable() -> Bool { database.isReachable() }
    func close() throws { database.close() }
    func observeChanges(_ handler: @escaping @Sendable () -> Void) throws -> any SharedChangeObservation {
        try database.observeChanges(handler)
    }
}

/// The PostgreSQL store was asked for without a server.
public enum TestStoreError: Error, CustomStringConvertible {
    case serverMissing

    public var description: String {
        "BAUSTEIN_TEST_STORE=postgres braucht BAUSTEIN_TEST_POSTGRES: `make pg` starten und die ausgegebene URL exportieren."
    }
}
