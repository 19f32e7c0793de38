import BausteinCore

/// PostgreSQL as the workflow's store of several servers (``KnowledgeBase/init(indexPath:shared:clock:)``).
extension PostgresDatabase: SharedDatabase {
    public func isReachable() -> Bool {
        isReachable(timeout: 2)
    }
}
