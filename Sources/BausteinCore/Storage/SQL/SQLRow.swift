/// One result row, its columns by name, as both engines return it.
public struct SQLRow: Sendable {
    private let names: [String]
    private let values: [SQLValue]

    public init(names: [String], values: [SQLValue]) {
        self.names = names
        self.values = values
    }

    /// The value of the named column, read as `T`.
    ///
    /// - Throws: ``SQLValueError`` when the row has no such column or it holds a value of another kind.
    public subscript<T: SQLDecodable>(_ column: String) -> T {
        get throws {
            guard let index = names.firstIndex(where: { $0.caseInsensitiveCompare(column) == .orderedSame }) else {
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
        guard let index = names.firstIndex(where: { $0.caseInsensitiveCompare(column) == .orderedSame }) else { return true }
        return values[index] == .null
    }
}
