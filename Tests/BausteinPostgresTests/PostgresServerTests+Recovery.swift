import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// A broken connection costs the call in flight an error; the process recovers by itself.
    @Suite("PostgreSQL recovery")
    struct Recovery {
        /// Ends this database's server processes from outside, as a network cut or an administrator would.
        static func terminateBackends(of database: String) throws {
            let admin = try PostgresDatabase(settings: try TestDatabase.serverSettings())
            defer { admin.close() }
            try admin.write {
                try $0.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", [database])
            }
        }

        @Test func aConnectionKilledWhileIdleIsReplacedWithoutAnError() throws {
            try TestDatabase.with { database, settings throws in
                try database.write { try $0.execute("CREATE TABLE notes (body TEXT)") }
                try Self.terminateBackends(of: settings.database)
                Thread.sleep(forTimeInterval: 0.2)
                try database.write { try $0.execute("INSERT INTO notes VALUES (?)", ["nach dem Abbruch"]) }
                #expect(try database.read { try $0.column("SELECT body FROM notes", as: String.self) } == ["nach dem Abbruch"])
            }
        }

        @Test func aConnectionKilledMidTransactionFailsThatCallOnly() throws {
            try TestDatabase.with { database, settings throws in
                try database.write { try $0.execute("CREATE TABLE notes (body TEXT)") }
                let inFlight = Outcome<Void>()
                let started = DispatchSemaphore(value: 0)
                onThread {
                    inFlight.set(
                        Result {
                            try database.write { session in
                                try session.execute("INSERT INTO notes VALUES (?)", ["verloren"])
                                started.signal()
                                try session.execute("SELECT pg_sleep(10)")
                            }
                        })
                }
                #expect(waitFor(started))
                Thread.sleep(forTimeInterval: 0.3)
                try Self.terminateBackends(of: settings.database)
                let result = try #require(inFlight.wait())
                #expect {
                    try result.get()
                } throws: { error in
                    (error as? PostgresStoreError)?.isConnectionProblem == true
                }
                try database.write { try $0.execute("INSERT INTO notes VALUES (?)", ["danach"]) }
                #expect(try database.read { try $0.column("SELECT body FROM notes", as: String.self) } == ["danach"])
            }
        }

        @Test(.enabled(if: TestDatabase.serverIsTheScripts, "BAUSTEIN_TEST_POSTGRES ist nicht der Server von scripts/postgres-test-server.sh"))
        func aServerRestartCostsTheCallsInFlightAnErrorAndNothingElse() throws {
            try TestDatabase.with(connectTimeoutSeconds: 2) { database, _ throws in
                try database.write { session in
                    try session.execute("CREATE TABLE notes (body TEXT)")
                    try session.execute("INSERT INTO notes VALUES (?)", ["vorher"])
                }
                let events = NotificationLog()
                let listener = try database.listen(channel: "restart_test") { events.append($0) }
                defer { listener.stop() }
                #expect(events.waitFor(count: 1) == [.listening])

                let inFlight = Outcome<Void>()
                let started = DispatchSemaphore(value: 0)
                onThread {
                    inFlight.set(
                        Result {
                            try database.write { session in
                                started.signal()
                                try session.execute("SELECT pg_sleep(30)")
                            }
                        })
                }
                #expect(waitFor(started))
                Thread.sleep(forTimeInterval: 0.3)

                try TestDatabase.runScript("stop")
                // The other tests need the server, whatever happens here.
                var restarted = false
                defer { if !restarted { _ = try? TestDatabase.runScript("start") } }
                let stoppedError = try #require(inFlight.wait())
                #expect(throws: PostgresStoreError.self) { try stoppedError.get() }
                #expect(!database.isReachable())
                #expect {
                    try database.read { try $0.value("SELECT 1", as: Int.self) }
                } throws: { error in
                    (error as? PostgresStoreError)?.isConnectionProblem == true
                }

                try TestDatabase.runScript("start")
                restarted = true
                #expect(database.isReachable())
                try database.write { try $0.execute("INSERT INTO notes VALUES (?)", ["nachher"]) }
                #expect(try database.read { try $0.column("SELECT body FROM notes ORDER BY body DESC", as: String.self) } == ["vorher", "nachher"])

                // The listener subscribed again by itself and hears notifications sent after the restart.
                let resubscribed = events.waitFor(count: 2, seconds: 15)
                #expect(resubscribed == [.listening, .listening])
                try database.notify(channel: "restart_test", payload: "7")
                #expect(events.waitFor(count: 3) == [.listening, .listening, .notification(payload: "7")])
            }
        }
    }
}
