import GRDB

extension KnowledgeBase {
    /// Closes the database after the last write (checkpointing the WAL); used when a server shuts down.
    public func close() throws {
        if let pool = writer as? DatabasePool {
            try pool.close()
        } else if let queue = writer as? DatabaseQueue {
            try queue.close()
        }
    }
}
