import BausteinCore
import PostgresNIO

/// PostgreSQL's side of ``SQLSession``: the statements of one transaction, on the connection that
/// ``PostgresDatabase/write(_:)`` or ``PostgresDatabase/read(_:)`` holds for it.
///
/// `?` placeholders become `$1, $2, …`; arguments are bound as int8, float8, text, bytea or NULL, and result cells are
/// read back by their type (see ``SQLValue``). Errors are ``PostgresStoreError``s without the arguments.
public final class PostgresSession: SQLSession {
    private let runner: PostgresStatementRunner
    private var savepoints = 0

    init(runner: PostgresStatementRunner) {
        self.runner = runner
    }

    public var dialect: SQLDialect { .postgres }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [any SQLBindable]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    public func rows(_ sql: String, _ arguments: [any SQLBindable]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLColumns(first.map(\.columnName))
        return try result.rows.map { row in
            SQLRow(columns: columns, values: try row.map(SQLValue.init(cell:)))
        }
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepoints += 1
        let name = "baustein_savepoint_\(savepoints)"
        try runner.run("SAVEPOINT \(name)")
        do {
            let result = try body()
            try runner.run("RELEASE SAVEPOINT \(name)")
            return result
        } catch {
            // A broken connection fails these too; the transaction's ROLLBACK then notices and drops the connection.
            _ = try? runner.run("ROLLBACK TO SAVEPOINT \(name)")
            _ = try? runner.run("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }

    private func run(_ sql: String, _ arguments: [any SQLBindable]) throws -> PostgresQueryResult {
        let (numbered, count) = PostgresPlaceholders.numbered(sql)
        guard count == arguments.count else {
            throw PostgresStoreError.wrongArgumentCount(placeholders: count, arguments: arguments.count, statement: sql)
        }
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            binds.append(sqlValue: argument.sqlValue)
        }
        do throws(PostgresStoreError) {
            return try runner.run(numbered, binds)
        } catch {
            // The statement as the caller wrote it, with `?`.
            throw error.naming(sql)
        }
    }

    /// Ends the transaction, or throws ``PostgresStoreError/transactionAborted`` when the server rolled it back instead.
    func commit() throws {
        let result = try runner.run("COMMIT")
        // COMMIT of a transaction that failed earlier answers ROLLBACK, without an error.
        if result.metadata.command == "ROLLBACK" { throw PostgresStoreError.transactionAborted }
    }

    /// Undoes the transaction; false when the connection cannot say (it is then dropped from the pool).
    func rollback() -> Bool {
        (try? runner.run("ROLLBACK")) != nil
    }
}
