import GRDB

/// The workflow's database: messages, items, suggestions, the audit chain, the outbox, and what review teaches.
///
/// Nothing outside the storage layer holds a connection: the core reads in snapshots (``read(_:)``) and changes the
/// data in transactions (``write(_:)``), each through an ``SQLSession``. With the default SQLite file the store is the
/// same database as the knowledge base's index (``IndexStore``), so that a confirmation and the index change it teaches
/// commit together; with a shared database (PostgreSQL, several servers) it is that database, and each server's index
/// follows it (``KnowledgeBase/refreshIndex()``).
final class Store: Sendable {
    /// Where the workflow's tables are.
    enum Engine: Sendable {
        /// The knowledge base's own SQLite file.
        case sqlite(any DatabaseWriter)
        /// A database shared by several servers.
        case shared(any SharedDatabase)
    }

    let engine: Engine

    init(_ engine: Engine) {
        self.engine = engine
    }

    /// Runs `value` on a snapshot of the database: writes that commit meanwhile are not seen.
    func read<T>(_ value: (any SQLSession) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let writer): try writer.read { db in try value(db) }
        case .shared(let database): try database.read(value)
        }
    }

    /// Runs `updates` in one write transaction: all of it commits, or nothing.
    ///
    /// On a shared database the transaction first takes the audit chain's lock, held until it ends: most transactions
    /// append to the chain, and one that took row locks first (a message's unique key, an item) and the chain's lock
    /// second could wait for another that did it the other way round, a deadlock. So write transactions take turns, as
    /// SQLite's single writer does; matching, which writes no audit row, has ``writeWithoutChainLock(_:)``.
    func write<T>(_ updates: (any SQLSession) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let writer):
            try writer.write { db in try updates(db) }
        case .shared(let database):
            try database.write { db in
                try AuditTrail.lockChain(db)
                return try updates(ChainLockedSession(db))
            }
        }
    }

    /// ``write(_:)`` without the chain's lock, for a transaction that appends no audit row and waits for no row lock
    /// (matching: it claims with `SKIP LOCKED` and writes only the rows it claimed).
    func writeWithoutChainLock<T>(_ updates: (any SQLSession) throws -> T) throws -> T {
        switch engine {
        case .sqlite(let writer): try writer.write { db in try updates(db) }
        case .shared(let database): try database.write(updates)
        }
    }

    /// Whether the workflow's tables live in a database shared with other servers (not in the index's SQLite file).
    var isShared: Bool {
        if case .shared = engine { return true }
        return false
    }

    /// Closes a shared database's connections (the SQLite file is closed with the index).
    func close() throws {
        if case .shared(let database) = engine { try database.close() }
    }
}

/// The store as a reader: snapshots only. What only reports (``Reports``) gets this, so that it cannot write by type,
/// not by review.
struct StoreReader: Sendable {
    private let store: Store

    init(_ store: Store) { self.store = store }

    /// Runs `value` on a snapshot of the database.
    func read<T>(_ value: (any SQLSession) throws -> T) throws -> T {
        try store.read(value)
    }
}

extension Store {
    /// This store, read only.
    var reader: StoreReader { StoreReader(self) }
}
