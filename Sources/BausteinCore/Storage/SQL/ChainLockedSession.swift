/// A write transaction on a shared database that holds the audit chain's lock from its start (``Store/write(_:)``), and
/// remembers what every append would otherwise read again: the sealing key's id and the chain's head. An intake of a
/// group of messages appends once per message, each a round trip to PostgreSQL that the lock's holder makes the others
/// wait for.
///
/// A savepoint that rolls back forgets what was learnt inside it (the head it appended is gone with it).
final class ChainLockedSession: SQLSession {
    private let base: any SQLSession
    /// The sealing key's id as read or written in this transaction; nil while not read.
    var keyID: String??
    /// The chain's last row as appended in this transaction; nil while not known.
    var head: (seq: Int64, hash: String)?

    init(_ base: any SQLSession) {
        self.base = base
    }

    var dialect: SQLDialect { base.dialect }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try base.execute(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        try base.rows(sql, arguments)
    }

    func savepoint<T>(_ body: () throws -> T) throws -> T {
        let (knownKey, knownHead) = (keyID, head)
        do {
            return try base.savepoint(body)
        } catch {
            (keyID, head) = (knownKey, knownHead)
            throw error
        }
    }
}
