import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// Every kind of ``SQLValue`` comes back from PostgreSQL as it went in, and PostgreSQL's own types read sensibly.
    @Suite("PostgreSQL values")
    struct Values {
        static let table = """
            CREATE TABLE values_table (
                id BIGSERIAL PRIMARY KEY, integerValue BIGINT, realValue DOUBLE PRECISION, textValue TEXT, blobValue BYTEA)
            """

        @Test func everyKindRoundTrips() throws {
            let bytes = Data((0...255).map(UInt8.init) + [0, 0, 255])
            let cases: [(String, SQLValue)] = [
                ("integerValue", .integer(Int64.max)), ("integerValue", .integer(Int64.min)), ("integerValue", .integer(0)),
                ("realValue", .real(-2.5e-300)), ("realValue", .real(Double.pi)), ("textValue", .text("")),
                ("textValue", .text("Grüße aus Köln – „Sperrmüll“? 🙂 ß \u{1F1E9}\u{1F1EA} 'quoted' \"q\" \\ ?")),
                ("blobValue", .blob(bytes)), ("blobValue", .blob(Data())),
            ]
            try TestDatabase.with { database, _ throws in
                try database.write { try $0.execute(Self.table) }
                for (column, value) in cases {
                    let id = try database.write { try $0.insert("INSERT INTO values_table (\(column)) VALUES (?) RETURNING id", [value]) }
                    let back: SQLValue? = try database.read { try $0.value("SELECT \(column) FROM values_table WHERE id = ?", [id]) }
                    #expect(back == value, "\(column)")
                }
            }
        }

        @Test func nullRoundTripsInEveryColumn() throws {
            try TestDatabase.with { database, _ throws in
                try database.write { try $0.execute(Self.table) }
                let row = try database.write { session in
                    let id = try session.insert(
                        "INSERT INTO values_table (integerValue, realValue, textValue, blobValue) VALUES (?, ?, ?, ?) RETURNING id",
                        [SQLValue.null, SQLValue.null, Optional<String>.none, Optional<Data>.none])
                    return try session.row("SELECT * FROM values_table WHERE id = ?", [id])
                }
                let found = try #require(row)
                for column in ["integerValue", "realValue", "textValue", "blobValue"] {
                    #expect(found.isNull(column), "\(column)")
                    #expect(try found[column] as SQLValue == .null)
                }
            }
        }

        @Test func megabyteTextAndBytesRoundTrip() throws {
            let text = String(repeating: "Bürgeranfrage äöü 🙂 ", count: 1_048_576 / 24)
            let bytes = Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            try TestDatabase.with { database, _ throws in
                try database.write { try $0.execute(Self.table) }
                let id = try database.write {
                    try $0.insert("INSERT INTO values_table (textValue, blobValue) VALUES (?, ?) RETURNING id", [text, bytes])
                }
                let row = try #require(try database.read { try $0.row("SELECT textValue, blobValue FROM values_table WHERE id = ?", [id]) })
                #expect(try row["textValue"] as String == text)
                #expect(try row["blobValue"] as Data == bytes)
            }
        }

        @Test func postgresTypesReadAsTheirKind() throws {
            try TestDatabase.with { database, _ throws in
                let row = try #require(
                    try database.read {
                        try $0.row(
                            """
                            SELECT 7::int2 AS small, 8::int4 AS normal, 9::int8 AS big, 1.5::float4 AS f4, 2.25::numeric AS num,
                                   SUM(x) AS total, true AS yes, false AS no, 'a'::varchar(3) AS v, 'b'::char(2) AS c, 'c'::name AS n,
                                   '{"k": 1}'::jsonb AS jb, '{"k": 2}'::json AS j, '00000000-0000-0000-0000-000000000001'::uuid AS u,
                                   '2026-12-07 10:11:12.5+00'::timestamptz AS ts, '2026-12-07'::date AS d
                            FROM (VALUES (1), (2)) AS t (x)
                            """)
                    })
                #expect(try row["small"] as SQLValue == .integer(7))
                #expect(try row["normal"] as SQLValue == .integer(8))
                #expect(try row["big"] as SQLValue == .integer(9))
                #expect(try row["f4"] as SQLValue == .real(1.5))
                #expect(try row["num"] as SQLValue == .real(2.25))
                // SUM of integers is NUMERIC in PostgreSQL: the core reads a whole real as an integer.
                #expect(try row["total"] as Int == 3)
                #expect(try row["yes"] as SQLValue == .integer(1))
                #expect(try row["no"] as Bool == false)
                #expect(try row["v"] as String == "a")
                #expect(try row["c"] as String == "b ")
                #expect(try row["n"] as String == "c")
                #expect(try row["jb"] as String == #"{"k": 1}"#)
                #expect(try row["j"] as String == #"{"k": 2}"#)
                #expect(try row["u"] as String == "00000000-0000-0000-0000-000000000001")
                #expect(try row["ts"] as String == "2026-12-07T10:11:12.500Z")
                #expect(try row["d"] as String == "2026-12-07")
            }
        }

        @Test func camelCaseColumnsReadBackByTheirName() throws {
            try TestDatabase.with { database, _ throws in
                try database.write { session in
                    try session.execute("CREATE TABLE items (id BIGSERIAL PRIMARY KEY, itemId TEXT, isDone INTEGER NOT NULL)")
                    try session.execute("INSERT INTO items (itemId, isDone) VALUES (?, ?)", ["m-1", true])
                }
                let row = try #require(try database.read { try $0.row("SELECT itemId, isDone FROM items") })
                #expect(try row["itemId"] as String == "m-1")
                #expect(try row["isDone"] as Bool == true)
            }
        }

        @Test func unsupportedTypesAskForACast() throws {
            try TestDatabase.with { database, _ throws in
                #expect {
                    try database.read { try $0.row("SELECT '1 day'::interval AS span") }
                } throws: { error in
                    guard case PostgresStoreError.unsupportedColumnType(let column, _) = error else { return false }
                    return column == "span" && "\(error)".contains("span::text")
                }
                #expect(try database.read { try $0.value("SELECT '1 day'::interval::text", as: String.self) } == "1 day")
            }
        }

        @Test func executeCountsTheRowsItChanged() throws {
            try TestDatabase.with { database, _ throws in
                try database.write { session in
                    try session.execute("CREATE TABLE counted (n INTEGER)")
                    #expect(try session.execute("INSERT INTO counted (n) VALUES (?), (?), (?)", [1, 2, 3]) == 3)
                    #expect(try session.execute("UPDATE counted SET n = n + 10 WHERE n >= ?", [2]) == 2)
                    #expect(try session.execute("DELETE FROM counted WHERE n > ?", [100]) == 0)
                    #expect(try session.execute("DELETE FROM counted") == 3)
                    #expect(try session.execute("INSERT INTO counted (n) VALUES (?) ON CONFLICT DO NOTHING", [5]) == 1)
                }
            }
        }

        @Test func aPlaceholderMiscountIsCaughtBeforeTheServer() throws {
            try TestDatabase.with { database, _ throws in
                #expect {
                    try database.read { try $0.rows("SELECT ?, ?", [1]) }
                } throws: { error in
                    guard case PostgresStoreError.wrongArgumentCount(2, 1, _) = error else { return false }
                    return true
                }
            }
        }
    }
}
