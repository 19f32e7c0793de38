import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// The pool opens at most `pool_size` connections, lets a caller wait for one, and says clearly when it waited too long.
    @Suite("PostgreSQL pool")
    struct Pool {
        /// How many connections this test's database has open on the server.
        static func openConnections(to database: String) throws -> Int {
            let admin = try PostgresDatabase(settings: try TestDatabase.serverSettings())
            defer { admin.close() }
            return try admin.read { try $0.value("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ?", [database], as: Int.self) } ?? -1
        }

        @Test func aCallerWaitsForAFreeConnectionThenGivesUpClearly() throws {
            try TestDatabase.with(poolSize: 2, connectTimeoutSeconds: 1) { database, settings throws in
                let entered = DispatchSemaphore(value: 0)
                let release = DispatchSemaphore(value: 0)
                let holders = [Outcome<Void>(), Outcome<Void>()]
                for holder in holders {
                    onThread {
                        holder.set(
                            Result {
                                try database.write { session in
                                    try session.execute("SELECT 1")
                                    entered.signal()
                                    _ = waitFor(release, seconds: 20)
                                }
                            })
                    }
                }
                #expect(waitFor(entered) && waitFor(entered))
                #expect(try Self.openConnections(to: settings.database) == 2)

                // Both connections are lent: a third caller waits connect_timeout (1 s), then gets a clear error.
                let started = Date()
                #expect {
                    try database.write { try $0.execute("SELECT 1") }
                } throws: { error in
                    guard case PostgresStoreError.poolExhausted(2, 1) = error else { return false }
                    return "\(error)".contains("pool_size")
                }
                #expect(Date().timeIntervalSince(started) >= 0.9)
                #expect(!database.isReachable(timeout: 0.2))

                // A caller that comes while they are lent gets the first connection given back.
                let waiter = Outcome<Int>()
                onThread { waiter.set(Result { try database.read { try $0.value("SELECT 42", as: Int.self) } ?? 0 }) }
                Thread.sleep(forTimeInterval: 0.3)
                release.signal()
                #expect(try waiter.wait()?.get() == 42)
                release.signal()
                for holder in holders { #expect(throws: Never.self) { try holder.wait()?.get() } }
                #expect(try Self.openConnections(to: settings.database) == 2)
                #expect(database.isReachable())
            }
        }

        @Test func theStatementTimeoutEndsALongStatementClearly() throws {
            try TestDatabase.with(statementTimeoutMilliseconds: 300) { database, _ throws in
                #expect(try database.read { try $0.value("SHOW statement_timeout", as: String.self) } == "300ms")
                let started = Date()
                #expect {
                    try database.write { try $0.execute("SELECT pg_sleep(5)") }
                } throws: { error in
                    guard case PostgresStoreError.statementTimeout(300, let statement) = error else { return false }
                    return statement == "SELECT pg_sleep(5)" && "\(error)".contains("statement_timeout")
                }
                #expect(Date().timeIntervalSince(started) < 3)
                // The connection is still good for the next call.
                #expect(try database.read { try $0.value("SELECT 1", as: Int.self) } == 1)
            }
        }

        @Test func aStoppedServerIsUnreachableAndSaysSo() throws {
            var settings = try TestDatabase.serverSettings()
            // A port on this machine where nothing listens.
            settings.port = 1
            settings.connectTimeoutSeconds = 2
            let database = try PostgresDatabase(settings: settings)
            defer { database.close() }
            #expect(!database.isReachable())
            #expect {
                try database.read { try $0.value("SELECT 1", as: Int.self) }
            } throws: { error in
                guard let error = error as? PostgresStoreError, case .connectionFailed(let endpoint, _) = error else { return false }
                return error.isConnectionProblem && endpoint.hasSuffix(":1/\(settings.database)")
            }
        }

        @Test func aClosedDatabaseRefusesCalls() throws {
            let database = try PostgresDatabase(settings: try TestDatabase.serverSettings())
            #expect(database.isReachable())
            database.close()
            #expect {
                try database.read { try $0.value("SELECT 1", as: Int.self) }
            } throws: { error in
                guard case PostgresStoreError.closed = error else { return false }
                return true
            }
            #expect(!database.isReachable())
        }
    }
}
