@testable import BausteinPostgres
import Testing

/// The workflow's `?` placeholders become PostgreSQL's `$n`, except inside literals, quoted names and comments.
@Suite("PostgreSQL placeholders")
struct PostgresPlaceholdersTests {
    @Test func numbersPlaceholdersInOrder() {
        let (sql, count) = PostgresPlaceholders.numbered("INSERT INTO items (a, b, c) VALUES (?, ?, ?) RETURNING id")
        #expect(sql == "INSERT INTO items (a, b, c) VALUES ($1, $2, $3) RETURNING id")
        #expect(count == 3)
    }

    @Test func countsPastNine() {
        let (sql, count) = PostgresPlaceholders.numbered(Array(repeating: "?", count: 12).joined(separator: ","))
        #expect(sql == (1...12).map { "$\($0)" }.joined(separator: ","))
        #expect(count == 12)
    }

    @Test func leavesStringLiteralsAlone() {
        let (sql, count) = PostgresPlaceholders.numbered("SELECT 'Was? Wann?', ?, 'it''s ?', ? WHERE title = 'ä?'")
        #expect(sql == "SELECT 'Was? Wann?', $1, 'it''s ?', $2 WHERE title = 'ä?'")
        #expect(count == 2)
    }

    @Test func leavesEscapeStringsAlone() {
        let (sql, count) = PostgresPlaceholders.numbered(#"SELECT E'a\'?', ?, e'\\', ?"#)
        #expect(sql == #"SELECT E'a\'?', $1, e'\\', $2"#)
        #expect(count == 2)
        // A name ending in e before a quote is no escape string: there a backslash is an ordinary character.
        #expect(PostgresPlaceholders.numbered(#"SELECT name'\' , ?"#).sql == #"SELECT name'\' , $1"#)
    }

    @Test func leavesQuotedIdentifiersAlone() {
        let (sql, count) = PostgresPlaceholders.numbered(#"SELECT "what?" FROM "t""?" WHERE x = ?"#)
        #expect(sql == #"SELECT "what?" FROM "t""?" WHERE x = $1"#)
        #expect(count == 1)
    }

    @Test func leavesCommentsAlone() {
        let input = """
            SELECT ? -- why? because
            , /* what? /* nested? */ still? */ ?
            """
        let expected = """
            SELECT $1 -- why? because
            , /* what? /* nested? */ still? */ $2
            """
        #expect(PostgresPlaceholders.numbered(input).sql == expected)
        #expect(PostgresPlaceholders.numbered(input).count == 2)
    }

    @Test func leavesDollarQuotedBodiesAlone() {
        let (sql, count) = PostgresPlaceholders.numbered("SELECT $$a?b$$, ?, $fn$ x ? $$ ? $fn$, ?")
        #expect(sql == "SELECT $$a?b$$, $1, $fn$ x ? $$ ? $fn$, $2")
        #expect(count == 2)
    }

    @Test func keepsCasts() {
        let (sql, count) = PostgresPlaceholders.numbered("SELECT ?::int8, a::text, ?")
        #expect(sql == "SELECT $1::int8, a::text, $2")
        #expect(count == 2)
    }

    @Test func keepsStatementsWithoutPlaceholders() {
        let statement = "SELECT 'ü' -- ß"
        #expect(PostgresPlaceholders.numbered(statement).sql == statement)
        #expect(PostgresPlaceholders.numbered(statement).count == 0)
    }
}
