import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// `write` commits or rolls back as a whole, savepoints undo a part, `read` sees a snapshot.
    @Suite("PostgreSQL transactions")
    struct Transactions {
        struct Refusal: Error, Equatable {}

        static func makeTable(_ database: PostgresDatabase) throws {
            try database.write { try $0.execute("CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, email TEXT UNIQUE, body TEXT)") }
        }

        static func bodies(_ database: PostgresDatabase) throws -> [String] {
            try database.read { try $0.column("SELECT body FROM notes ORDER BY id", as: String.self) }
        }

        @Test func committedWritesAreVisible() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                try database.write { try $0.execute("INSERT INTO notes (body) VALUES (?), (?)", ["eins", "zwei"]) }
                #expect(try Self.bodies(database) == ["eins", "zwei"])
            }
        }

        @Test func aThrowingBodyRollsBackAndItsErrorComesThroughUnchanged() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                #expect(throws: Refusal()) {
                    try database.write { session in
                        try session.execute("INSERT INTO notes (body) VALUES (?)", ["verworfen"])
                        throw Refusal()
                    }
                }
                #expect(try Self.bodies(database) == [])
                // The connection went back to the pool in a clean state: the next write commits.
                try database.write { try $0.execute("INSERT INTO notes (body) VALUES (?)", ["danach"]) }
                #expect(try Self.bodies(database) == ["danach"])
            }
        }

        @Test func aSwallowedServerErrorDoesNotPassForACommit() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                #expect {
                    try database.write { session in
                        try session.execute("INSERT INTO notes (body) VALUES (?)", ["verloren"])
                        _ = try? session.execute("INSERT INTO missing_table VALUES (1)")
                    }
                } throws: { error in
                    guard case PostgresStoreError.transactionAborted = error else { return false }
                    return true
                }
                #expect(try Self.bodies(database) == [])
            }
        }

        @Test func aSavepointUndoesItsPartAndKeepsTheTransaction() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                try database.write { session in
                    try session.execute("INSERT INTO notes (email, body) VALUES (?, ?)", ["anna@example.org", "vorher"])
                    #expect(throws: Refusal()) {
                        try session.savepoint {
                            try session.execute("INSERT INTO notes (body) VALUES (?)", ["im Savepoint"])
                            throw Refusal()
                        }
                    }
                    // A refused statement inside a savepoint ("already stored") leaves the outer transaction usable.
                    let stored = try? session.savepoint {
                        try session.execute("INSERT INTO notes (email, body) VALUES (?, ?)", ["anna@example.org", "doppelt"])
                    }
                    #expect(stored == nil)
                    let kept = try session.savepoint { try session.execute("INSERT INTO notes (body) VALUES (?)", ["behalten"]) }
                    #expect(kept == 1)
                    try session.execute("INSERT INTO notes (body) VALUES (?)", ["nachher"])
                }
                #expect(try Self.bodies(database) == ["vorher", "behalten", "nachher"])
            }
        }

        @Test func aUniqueViolationIsRecognisedWithoutTheDuplicateValue() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                try database.write { try $0.execute("INSERT INTO notes (email, body) VALUES (?, ?)", ["anna@example.org", "eins"]) }
                do {
                    try database.write { try $0.execute("INSERT INTO notes (email, body) VALUES (?, ?)", ["anna@example.org", "zwei"]) }
                    Issue.record("expected a unique violation")
                } catch let error as PostgresStoreError {
                    #expect(error.isUniqueViolation)
                    #expect(!error.isSerializationFailure)
                    #expect(error.sqlState == "23505")
                    let message = error.description
                    #expect(message.contains("notes_email_key"))
                    #expect(message.contains("INSERT INTO notes (email, body) VALUES (?, ?)"))
                    // The server's DETAIL repeats the key; the message must not carry a citizen's address.
                    #expect(!message.contains("anna@example.org"))
                    #expect(!String(reflecting: error).contains("anna@example.org"))
                }
            }
        }

        @Test func aDeadlockIsRecognisedAsWorthRetrying() throws {
            try TestDatabase.with { database, _ throws in
                try database.write { session in
                    try session.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, n INTEGER)")
                    try session.execute("INSERT INTO accounts VALUES (1, 0), (2, 0)")
                }
                let firstLocked = DispatchSemaphore(value: 0)
                let secondLocked = DispatchSemaphore(value: 0)
                let other = Outcome<Void>()
                onThread {
                    other.set(
                        Result {
                            try database.write { session in
                                try session.execute("UPDATE accounts SET n = 1 WHERE id = 2")
                                secondLocked.signal()
                                _ = waitFor(firstLocked)
                                try session.execute("UPDATE accounts SET n = 1 WHERE id = 1")
                            }
                        })
                }
                let mine = Result {
                    try database.write { session in
                        try session.execute("UPDATE accounts SET n = 2 WHERE id = 1")
                        _ = waitFor(secondLocked)
                        firstLocked.signal()
                        try session.execute("UPDATE accounts SET n = 2 WHERE id = 2")
                    }
                }
                let theirs = try #require(other.wait())
                let failures = [mine, theirs].compactMap { result -> PostgresStoreError? in
                    if case .failure(let error) = result { return error as? PostgresStoreError }
                    return nil
                }
                #expect(failures.count == 1)
                #expect(failures.first?.isSerializationFailure == true)
                #expect(failures.first?.sqlState == "40P01")
            }
        }

        @Test func aReadSeesTheSnapshotItBeganWith() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                try database.write { try $0.execute("INSERT INTO notes (body) VALUES (?)", ["eins"]) }
                let (before, during) = try database.read { session in
                    let before = try session.value("SELECT COUNT(*) FROM notes", as: Int.self)
                    try database.write { try $0.execute("INSERT INTO notes (body) VALUES (?)", ["zwei"]) }
                    return (before, try session.value("SELECT COUNT(*) FROM notes", as: Int.self))
                }
                #expect(before == 1)
                #expect(during == 1)
                #expect(try database.read { try $0.value("SELECT COUNT(*) FROM notes", as: Int.self) } == 2)
            }
        }

        @Test func aReadCannotWrite() throws {
            try TestDatabase.with { database, _ throws in
                try Self.makeTable(database)
                #expect {
                    try database.read { try $0.execute("INSERT INTO notes (body) VALUES (?)", ["nein"]) }
                } throws: { error in
                    (error as? PostgresStoreError)?.sqlState == "25006"
                }
                #expect(try Self.bodies(database) == [])
            }
        }
    }
}
