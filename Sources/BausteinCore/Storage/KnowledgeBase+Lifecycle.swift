extension KnowledgeBase {
    /// Closes the database after the last write (checkpointing the WAL); used when a server shuts down.
    public func close() throws {
        try store.close()
        try index.close()
    }
}

extension KnowledgeBase {
    /// The id of the key that sealed this database's audit chain, or nil while it is not sealed (see ``AuditKey``).
    public func auditKeyID() throws -> String? {
        try store.read { db in try AuditTrail.keyID(db) }
    }
}
