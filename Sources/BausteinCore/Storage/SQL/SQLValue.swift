import Foundation

/// One value as it crosses into or out of a database, whichever engine stores it.
///
/// The workflow's tables use four kinds of values (integers, reals, text, bytes); booleans are stored as the integers 0
/// and 1 in both engines, so that one statement reads the same in SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that a statement can take as an argument.
public protocol SQLBindable {
    /// The value as the database stores it.
    var sqlValue: SQLValue { get }
}

/// A Swift value that a column can be read as.
public protocol SQLDecodable {
    /// Reads the value, or throws ``SQLValueError`` when the column holds something of another kind.
    init(sqlValue: SQLValue) throws
}

/// A column value that is not of the kind the code reads it as: a database changed by hand, or by a newer version.
public struct SQLValueError: Error, CustomStringConvertible, Sendable {
    /// The Swift type the code expected.
    public let expected: String
    /// The kind of value found (never the value itself: it may be a citizen's text).
    public let found: String
    /// The column, when known.
    public var column: String?

    public var description: String {
        "Spalte \(column.map { "'\($0)'" } ?? "?") enthält \(found), erwartet \(expected): die Datenbank wurde von Hand "
            + "oder von einer anderen Baustein-Version geändert."
    }

    static func mismatch<T>(_ type: T.Type, _ value: SQLValue) -> SQLValueError {
        SQLValueError(expected: String(describing: type), found: value.kind, column: nil)
    }
}

extension SQLValue {
    /// The kind of value, for error messages that must not show the value.
    var kind: String {
        switch self {
        case .null: "NULL"
        case .integer: "eine Ganzzahl"
        case .real: "eine Kommazahl"
        case .text: "Text"
        case .blob: "Binärdaten"
        }
    }
}

extension SQLValue: SQLBindable {
    public var sqlValue: SQLValue { self }
}

extension Int64: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .integer(let value): self = value
        // PostgreSQL's SUM and AVG answer NUMERIC, read as a real: whole numbers are accepted.
        case .real(let value) where value.rounded() == value && abs(value) < 9.2e18: self = Int64(value)
        default: throw SQLValueError.mismatch(Int64.self, sqlValue)
        }
    }
}

extension Int: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init(sqlValue: SQLValue) throws { self = Int(try Int64(sqlValue: sqlValue)) }
}

extension Double: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .real(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: throw SQLValueError.mismatch(Double.self, sqlValue)
        }
    }
}

extension Bool: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init(sqlValue: SQLValue) throws { self = try Int64(sqlValue: sqlValue) != 0 }
}

extension String: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .text(self) }
    public init(sqlValue: SQLValue) throws {
        guard case .text(let value) = sqlValue else { throw SQLValueError.mismatch(String.self, sqlValue) }
        self = value
    }
}

extension Data: SQLBindable, SQLDecodable {
    public var sqlValue: SQLValue { .blob(self) }
    public init(sqlValue: SQLValue) throws {
        switch sqlValue {
        case .blob(let value): self = value
        case .text(let value): self = Data(value.utf8)
        default: throw SQLValueError.mismatch(Data.self, sqlValue)
        }
    }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlValue: SQLValue) throws {
        if case .null = sqlValue { self = nil } else { self = try Wrapped(sqlValue: sqlValue) }
    }
}

/// A string-backed enum (a review state, a dismissal kind) stored as its raw value.
public protocol SQLTextEnum: SQLBindable, SQLDecodable, RawRepresentable where RawValue == String {}

extension SQLTextEnum {
    public var sqlValue: SQLValue { .text(rawValue) }
    public init(sqlValue: SQLValue) throws {
        guard let value = Self(rawValue: try String(sqlValue: sqlValue)) else {
            throw SQLValueError(expected: String(describing: Self.self), found: "einen unbekannten Wert", column: nil)
        }
        self = value
    }
}
