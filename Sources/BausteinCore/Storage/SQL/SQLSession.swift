/// The SQL engine a statement runs on, for the few places where the two differ in spelling.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// The larger of two values in one row (SQLite's two-argument `MAX`, PostgreSQL's `GREATEST`).
    func greatest(_ first: String, _ second: String) -> String {
        switch self {
        case .sqlite: "MAX(\(first), \(second))"
        case .postgres: "GREATEST(\(first), \(second))"
        }
    }
}

/// One transaction on the shared workflow tables, in SQLite or PostgreSQL.
///
/// The workflow's SQL (``Store``'s functions, ``ItemRecord``, ``AuditTrail``, ``UndoPoint``) is written once against
/// this: `?` placeholders, `RETURNING` for new ids, `ON CONFLICT` for upserts, booleans as 0 and 1. Each engine runs
/// it as it is or rewrites the placeholders. Every call runs inside the caller's transaction (``Store/write(_:)``).
public protocol SQLSession {
    /// The engine, for the few statements spelt differently (``SQLDialect``).
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows.
    ///
    /// - Returns: how many rows it inserted, changed or deleted.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int

    /// Runs a query and returns all its rows.
    func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow]

    /// Runs `body` so that its changes can be undone alone if it throws, without ending the transaction.
    func savepoint<T>(_ body: () throws -> T) throws -> T
}

extension SQLSession {
    /// Runs a statement without arguments.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }

    /// The first row of a query, if any.
    public func row(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row, read as `T`; nil when the query finds no row or the value is NULL.
    public func value<T: SQLDecodable>(_ sql: String, _ arguments: [any SQLBindable] = [], as type: T.Type = T.self) throws -> T? {
        guard let row = try rows(sql, arguments).first else { return nil }
        return try T?(sqlValue: try row[0] as SQLValue)
    }

    /// The first column of every row, read as `T`.
    public func column<T: SQLDecodable>(_ sql: String, _ arguments: [any SQLBindable] = [], as type: T.Type = T.self) throws -> [T] {
        try rows(sql, arguments).map { try $0[0] }
    }

    /// Runs an `INSERT … RETURNING <id>` and returns the new row's id.
    public func insert(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int64 {
        guard let id: Int64 = try value(sql, arguments) else {
            throw SQLValueError(expected: "die neue Nummer", found: "keine", column: nil)
        }
        return id
    }
}

extension SQLValue: SQLDecodable {
    public init(sqlValue: SQLValue) throws { self = sqlValue }
}

/// Placeholders for an `IN (…)` list of `count` values: `?,?,?`, or `NULL` for none, which matches no row in both
/// engines (PostgreSQL refuses an empty `IN ()`).
func sqlPlaceholders(_ count: Int) -> String {
    count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ",")
}
