import Dispatch
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// The connections of one ``PostgresDatabase``: at most `pool_size`, each lent to one transaction at a time.
///
/// Callers are ordinary threads that block (the core's API is synchronous). A permit per connection bounds how many are
/// open: a caller takes a permit (waiting up to `connect_timeout`), then an idle connection or a new one. A connection
/// that broke (server restarted, network cut) is closed and forgotten; the next caller opens a new one.
final class PostgresConnectionPool: Sendable {
    private struct State {
        var idle: [PostgresConnection] = []
        var closed = false
        var nextID = 1
    }

    let settings: PostgresSettings
    private let configuration: PostgresConnection.Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let permits: DispatchSemaphore
    private let state = Mutex(State())

    init(settings: PostgresSettings, configuration: PostgresConnection.Configuration, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        self.settings = settings
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.permits = DispatchSemaphore(value: settings.poolSize)
    }

    private var endpoint: String { "\(settings.host):\(settings.port)/\(settings.database)" }

    /// Opens a connection outside the pool's count (the pool's own, or a listener's).
    func connect() -> EventLoopFuture<PostgresConnection> {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        return PostgresConnection.connect(on: eventLoopGroup.next(), configuration: configuration, id: id, logger: logger)
    }

    /// The error for a failed ``connect()``.
    func connectionError(_ error: any Error) -> PostgresStoreError {
        PostgresStoreError(connectingTo: endpoint, error: error)
    }

    /// The runner for statements on one of this pool's connections.
    func runner(for connection: PostgresConnection, answerDeadline: TimeAmount? = nil) -> PostgresStatementRunner {
        PostgresStatementRunner(connection: connection, settings: settings, logger: logger, answerDeadline: answerDeadline)
    }

    /// Lends a connection on which `firstStatement` (BEGIN …), if any, succeeded; give it back with ``checkin(_:reusable:)``.
    ///
    /// An idle connection that fails the first statement for want of a connection has broken while idle: nothing ran on
    /// it, so a new connection takes its place once.
    ///
    /// - Parameter answerDeadline: How long `firstStatement` may wait for its answer (by default the runner's).
    func checkout(
        starting firstStatement: String?, wait: TimeInterval, answerDeadline: TimeAmount? = nil
    ) throws(PostgresStoreError) -> PostgresConnection {
        guard !isClosed else { throw .closed }
        guard permits.wait(timeout: .now() + wait) == .success else {
            throw .poolExhausted(poolSize: settings.poolSize, waitedSeconds: Int(wait.rounded()))
        }
        do throws(PostgresStoreError) {
            guard !isClosed else { throw PostgresStoreError.closed }
            while let idle = takeIdle() {
                guard let firstStatement else { return idle }
                do throws(PostgresStoreError) {
                    try runner(for: idle, answerDeadline: answerDeadline).run(firstStatement)
                    return idle
                } catch {
                    guard error.isConnectionProblem else { throw error }
                    logger.debug("PostgreSQL: dropping a connection that broke while idle", metadata: ["error": "\(error)"])
                    close(idle)
                }
            }
            let connection = try open()
            guard let firstStatement else { return connection }
            do throws(PostgresStoreError) {
                try runner(for: connection, answerDeadline: answerDeadline).run(firstStatement)
            } catch {
                close(connection)
                throw error
            }
            return connection
        } catch {
            permits.signal()
            throw error
        }
    }

    /// Takes back a lent connection; one that is broken, or whose transaction state is unknown, is closed.
    func checkin(_ connection: PostgresConnection, reusable: Bool) {
        let kept =
            reusable && !connection.isClosed
            && state.withLock { state in
                guard !state.closed else { return false }
                state.idle.append(connection)
                return true
            }
        if !kept { close(connection) }
        permits.signal()
    }

    /// Closes the idle connections; lent ones are closed when they come back, and no new ones are lent.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        idle.forEach(close)
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    private func takeIdle() -> PostgresConnection? {
        while let connection = state.withLock({ $0.idle.popLast() }) {
            if !connection.isClosed { return connection }
            close(connection)
        }
        return nil
    }

    private func open() throws(PostgresStoreError) -> PostgresConnection {
        do {
            return try connect().wait()
        } catch {
            throw connectionError(error)
        }
    }

    private func close(_ connection: PostgresConnection) {
        _ = try? connection.close().wait()
    }
}
