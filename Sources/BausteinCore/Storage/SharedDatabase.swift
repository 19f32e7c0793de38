/// A database that several Baustein servers share for the workflow (PostgreSQL, in the `BausteinPostgres` module).
///
/// The core runs the workflow's SQL on it through ``SQLSession``s; matching stays in each process, on a local index
/// that follows the shared snippets and learned phrasings (``KnowledgeBase/refreshIndex()``).
public protocol SharedDatabase: AnyObject, Sendable {
    /// Runs `body` on a consistent snapshot, read only.
    func read<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Runs `body` in one transaction: all of it commits, or nothing; the error is rethrown.
    func write<T>(_ body: (any SQLSession) throws -> T) throws -> T
    /// Whether the database answers now (readiness).
    func isReachable() -> Bool
    /// Closes every connection.
    func close() throws
    /// Calls `handler` whenever a transaction that changed what the indexes follow commits, on any server, and after a
    /// lost connection (a change may have been missed); until the observation is stopped. `handler` runs on a thread
    /// that must not wait: it should only wake up whoever refreshes.
    func observeChanges(_ handler: @escaping @Sendable () -> Void) throws -> any SharedChangeObservation
}

/// A running ``SharedDatabase/observeChanges(_:)``.
public protocol SharedChangeObservation: Sendable {
    /// Ends it; `handler` is not called after this returns.
    func stop()
}

/// The notification channel that announces changes to what the indexes follow: notified with the commit of every
/// generation bump (``KnowledgeBase``), listened to by ``SharedDatabase/observeChanges(_:)``.
public enum SharedIndexChange {
    public static let channel = "baustein_index"
}
