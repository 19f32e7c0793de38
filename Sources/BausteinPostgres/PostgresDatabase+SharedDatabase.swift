import BausteinCore

/// PostgreSQL as the workflow's store of several servers (``KnowledgeBase/init(indexPath:shared:clock:)``).
extension PostgresDatabase: SharedDatabase {
    public func isReachable() -> Bool {
        isReachable(timeout: 2)
    }

    /// `LISTEN` on the change channel; each notification and each (re)subscription calls `handler`.
    public func observeChanges(_ handler: @escaping @Sendable () -> Void) throws -> any SharedChangeObservation {
        try listen(channel: SharedIndexChange.channel) { _ in handler() }
    }
}

extension PostgresListener: SharedChangeObservation {}
