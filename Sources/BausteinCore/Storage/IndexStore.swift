import GRDB

/// The knowledge base's SQLite file: snippets, learned phrasings and outcomes as the matcher reads them, the full-text
/// index and the sentence vectors.
///
/// With the default set-up it also holds the workflow's tables (``Store``); with a shared database it is each server's
/// local copy for matching, refreshed from the shared snippets and learned phrasings. Nothing outside the storage
/// layer holds a `DatabaseWriter`; opening it brings the schema up to date (``DatabaseSchema``).
final class IndexStore: Sendable {
    let writer: any DatabaseWriter

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
