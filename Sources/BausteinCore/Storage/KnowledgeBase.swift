import Foundation
import GRDB
import Synchronization

/// The SQLite database (WAL) that holds synced snippets, their versions, learned phrasings and the full-text index
/// (its tables are those of ``DatabaseSchema``), and the workflow's store: the same file by default, or a database
/// shared by several servers, which this file then follows (``refreshIndex()``).
public final class KnowledgeBase: Sendable {
    /// Bumped whenever the analysis chain changes what it produces; sync then rebuilds the full-text index.
    static let analysisVersion = "2"

    /// The index's SQLite file: the only holder of its connections.
    let index: IndexStore
    /// The workflow's tables: the same file, or the shared database.
    let store: Store
    public let clock: WallClock
    /// The analysis chain for the stored term lists (the FTS5 tokenizer has its own per connection).
    let analyzer: Analyzer
    /// Held while the index copies a shared database's changes (``refreshIndex()``).
    let refreshing = Mutex(())

    /// Opens (and creates or migrates) the database file at `path`.
    public convenience init(path: String, clock: WallClock = .system) throws {
        try self.init(writer: try Self.openPool(path: path), clock: clock)
    }

    /// The connections to the SQLite file at `path`, created with its folder when missing.
    static func openPool(path: String) throws -> DatabasePool {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
            // GRDB sets WAL with synchronous=NORMAL, which keeps commits across a crash of the process but can lose
            // the last ones to a power failure. A webhook is acknowledged as soon as its commit returns, and that
            // promise must hold for the machine too: FULL syncs the WAL on every commit (about 0.2 ms here, shared
            // by all requests of one group commit). Only the writer connection commits.
            try pool.barrierWriteWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
        return pool
    }

    /// An in-memory database, for tests and evaluations.
    public static func inMemory(clock: WallClock = .system) throws -> KnowledgeBase {
        try KnowledgeBase(writer: DatabaseQueue(configuration: configuration()), clock: clock)
    }

    /// The index file `writer`, holding the workflow too unless a `shared` database is given.
    init(writer: any DatabaseWriter, shared: (any SharedDatabase)? = nil, clock: WallClock) throws {
        self.index = try IndexStore(writer)
        self.store = Store(shared.map { .shared($0) } ?? .sqlite(writer))
        self.clock = clock
        self.analyzer = try Analyzer()
    }

    /// The stored sentence vectors of the meaning channel.
    public var embeddingCache: EmbeddingCache { index.embeddingCache }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            db.add(tokenizer: BausteinTokenizer.self)
            // Deleted and overwritten content is zeroed, so that a purged message leaves no bytes in free pages.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        return configuration
    }
}

/// Problems opening or using the database file.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case unknownSnippet(String)
    /// Another server stored the same message at the same moment, and it cannot be read back (removed meanwhile).
    case concurrentMessage(channel: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "Datenbank \(path) lässt sich nicht öffnen (\(reason)). Pfad und Schreibrechte prüfen oder --database angeben."
        case .unknownSnippet(let id):
            return "Textbaustein '\(id)' ist nicht in der Wissensbasis. Erst 'baustein sync' ausführen oder die id prüfen."
        case .concurrentMessage(let channel):
            return "Eine Nachricht aus \(channel) wurde gleichzeitig von einem anderen Server gespeichert und ist nicht mehr lesbar. "
                + "Erneut senden: sie wird dann als Duplikat erkannt."
        }
    }
}
