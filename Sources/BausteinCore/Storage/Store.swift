import GRDB

/// The database file and its connections, owned in one place.
///
/// Nothing outside the storage layer holds a `DatabaseWriter`: the core reads in snapshots (``read(_:)``) and changes
/// the data in transactions (``write(_:)``), and opening a store brings the schema up to date (``DatabaseSchema``).
final class Store: Sendable {
    private let writer: any DatabaseWriter

    /// Takes over the connections and migrates the schema.
    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try DatabaseSchema.migrator.migrate(writer)
    }

    /// Runs `value` on a snapshot of the database: writes that commit meanwhile are not seen.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try writer.read(value)
    }

    /// Runs `updates` in one write transaction: all of it commits, or nothing.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        try writer.write(updates)
    }

    /// Runs `updates` outside a transaction, for what SQLite refuses inside one (checkpoints, `VACUUM`).
    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(updates)
    }

    /// The sentence vectors stored in this database.
    var embeddingCache: EmbeddingCache { EmbeddingCache(writer: writer) }

    /// Closes the connections after the last write, checkpointing the WAL.
    func close() throws {
        if let pool = writer as? DatabasePool {
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }
}

/// The store as a reader: snapshots only. What only reports (``Reports``) gets this, so that it cannot write by type,
/// not by review.
struct StoreReader: Sendable {
    private let store: Store

    init(_ store: Store) { self.store = store }

    /// Runs `value` on a snapshot of the database.
    func read<T>(_ value: (Database) throws -> T) throws -> T {
        try store.read(value)
    }
}

extension Store {
    /// This store, read only.
    var reader: StoreReader { StoreReader(self) }
}
