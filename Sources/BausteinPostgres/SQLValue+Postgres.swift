import BausteinCore
import Foundation
import NIOCore
import PostgresNIO

extension PostgresBindings {
    /// Binds a value with the PostgreSQL type of its kind: int8, float8, text, bytea, or an untyped NULL.
    mutating func append(sqlValue value: SQLValue) {
        switch value {
        case .null: appendNull()
        case .integer(let integer): append(integer)
        case .real(let real): append(real)
        case .text(let text): append(text)
        case .blob(let data): append(ByteBuffer(bytes: data))
        }
    }
}

extension SQLValue {
    /// The value of a result cell (sent in binary form), by its PostgreSQL type.
    ///
    /// Integers (int2, int4, int8, oid) become `.integer`, floats and numeric `.real`, bool the integers 0 and 1, bytea
    /// `.blob`; text types, json, jsonb and uuid `.text`; timestamps and dates `.text` in ISO 8601 (UTC).
    ///
    /// - Throws: ``PostgresStoreError/unsupportedColumnType(column:type:)`` for other types.
    init(cell: PostgresCell) throws {
        guard var bytes = cell.bytes else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int2: self = .integer(Int64(try cell.decode(Int16.self)))
        case .int4: self = .integer(Int64(try cell.decode(Int32.self)))
        case .int8: self = .integer(try cell.decode(Int64.self))
        case .oid:
            guard let oid = bytes.readInteger(as: UInt32.self) else {
                throw PostgresStoreError.unsupportedColumnType(column: cell.columnName, type: "oid")
            }
            self = .integer(Int64(oid))
        case .float4: self = .real(Double(try cell.decode(Float.self)))
        case .float8: self = .real(try cell.decode(Double.self))
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            guard let real = Double(decimal.description) else {
                throw PostgresStoreError.unsupportedColumnType(column: cell.columnName, type: "numeric (\(decimal))")
            }
            self = .real(real)
        case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea: self = .blob(Data(try cell.decode(ByteBuffer.self).readableBytesView))
        case .text, .varchar, .bpchar, .name, .json, .jsonb, .uuid, .unknown:
            self = .text(try cell.decode(String.self))
        case .timestamp, .timestamptz:
            self = .text(try cell.decode(Date.self).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        case .date:
            self = .text(try cell.decode(Date.self).formatted(Date.ISO8601FormatStyle().year().month().day()))
        case .void:
            self = .null
        default:
            let type = cell.dataType.knownSQLName ?? "mit der OID \(cell.dataType.rawValue)"
            throw PostgresStoreError.unsupportedColumnType(column: cell.columnName, type: type)
        }
    }
}
