/// The column names of one result, looked up without regard to case (PostgreSQL folds unquoted names to lowercase),
/// built once per result and shared by its rows.
public final class SQLColumns: Sendable {
    let names: [String]
    private let positions: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        // The first of two equal names wins, as in a `SELECT *` over a join.
        for (index, name) in names.enumerated().reversed() { positions[name.lowercased()] = index }
        self.positions = positions
    }

    func position(of column: String) -> Int? {
        positions[column] ?? positions[column.lowercased()]
    }
}

/// One result row, its columns by name, as both engines return it.
public struct SQLRow: Sendable {
    private let columns: SQLColumns
    private let values: [SQLValue]

    /// A row of a result whose column names are `columns` (share one ``SQLColumns`` between the rows of a result).
    public init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of the named column, read as `T`.
    ///
    /// - Throws: ``SQLValueError`` when the row has no such column or it holds a value of another kind.
    public subscript<T: SQLDecodable>(_ column: String) -> T {
        get throws {
            guard let index = columns.position(of: column) else {
                throw SQLValueError(expected: String(describing: T.self), found: "keine solche Spalte", column: column)
            }
            do {
                return try T(sqlValue: values[index])
            } catch var error as SQLValueError {
                error.column = column
                throw error
            }
        }
    }

    /// The value of the column at `index` (0 is the first), read as `T`.
    public subscript<T: SQLDecodable>(_ index: Int) -> T {
        get throws {
            guard values.indices.contains(index) else {
                throw SQLValueError(expected: String(describing: T.self), found: "keine Spalte \(index + 1)", column: nil)
            }
            return try T(sqlValue: values[index])
        }
    }

    /// Whether the named column is NULL (or missing).
    public func isNull(_ column: String) -> Bool {
        guard let index = columns.position(of: column) else { return true }
        return values[index] == .null
    }
}
