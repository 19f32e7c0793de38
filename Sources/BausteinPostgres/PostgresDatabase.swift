import BausteinCore
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The workflow's store in PostgreSQL, shared by several `baustein serve` instances: transactions on a small pool of
/// connections, for callers on ordinary threads (never on an event loop: the calls block).
///
/// Writes run in READ COMMITTED, reads in a REPEATABLE READ READ ONLY snapshot (as SQLite's WAL reads). A connection that
/// broke is dropped and the next call connects anew, so a restart of PostgreSQL costs the calls in flight an error and
/// nothing else.
///
/// ```swift
/// let database = try PostgresDatabase(url: "postgres://baustein@db.intern/baustein?sslmode=verify-full")
/// defer { database.close() }
/// let id = try database.write { try $0.insert("INSERT INTO notes (text) VALUES (?) RETURNING id", ["Hallo"]) }
/// ```
public final class PostgresDatabase: Sendable {
    /// Where the database is, with the password (``PostgresSettings/redacted`` for logs).
    public let settings: PostgresSettings
    let pool: PostgresConnectionPool
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup
    private let ownsEventLoopGroup: Bool
    private let listeners = Mutex<[PostgresListener]>([])

    /// Prepares the pool; no connection is opened before the first call.
    ///
    /// - Parameters:
    ///   - settings: Server, credentials and limits.
    ///   - eventLoopGroup: The NIO threads for the connections; nil: one thread of the database's own.
    ///   - logger: For connection events (never arguments, never the password).
    /// - Throws: ``PostgresSettingsError`` when `sslrootcert` cannot be read.
    public init(settings: PostgresSettings, eventLoopGroup: (any EventLoopGroup)? = nil, logger: Logger = Logger(label: "baustein.postgres")) throws {
        let configuration = try settings.connectionConfiguration()
        self.settings = settings
        self.logger = logger
        self.ownsEventLoopGroup = eventLoopGroup == nil
        let group = eventLoopGroup ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.eventLoopGroup = group
        self.pool = PostgresConnectionPool(settings: settings, configuration: configuration, eventLoopGroup: group, logger: logger)
    }

    /// Prepares the pool for a connection string (see ``PostgresSettings/init(url:)``).
    public convenience init(
        url: String,
        eventLoopGroup: (any EventLoopGroup)? = nil,
        logger: Logger = Logger(label: "baustein.postgres")
    ) throws {
        try self.init(settings: try PostgresSettings(url: url), eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// Runs `body` in a READ COMMITTED transaction: committed when it returns, rolled back when it throws.
    ///
    /// - Throws: what `body` threw, unchanged; ``PostgresStoreError`` when the server refuses or cannot be reached
    ///   (``PostgresStoreError/poolExhausted(poolSize:waitedSeconds:)`` after `connect_timeout` without a free connection).
    @discardableResult
    public func write<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    /// Runs `body` in a read-only snapshot: it sees the database as it was when it began, whatever commits meanwhile.
    public func read<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    /// Runs `body`'s statements each in a transaction of its own, for those that cannot run inside one (`CREATE DATABASE`,
    /// `VACUUM`, `CREATE INDEX CONCURRENTLY`).
    @discardableResult
    public func autocommit<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        let connection = try pool.checkout(starting: nil, wait: TimeInterval(settings.connectTimeoutSeconds))
        var reusable = true
        defer { pool.checkin(connection, reusable: reusable) }
        do {
            return try body(PostgresSession(runner: pool.runner(for: connection)))
        } catch {
            // A BEGIN sent by `body` may have left a transaction open: the connection is reused only if that is undone.
            reusable = PostgresSession(runner: pool.runner(for: connection)).rollback()
            throw error
        }
    }

    /// Whether the server answers `SELECT 1` within `timeout` seconds (readiness): false when it is down, does not
    /// answer, or every connection stays busy that long. Opening a new connection may take up to `connect_timeout`.
    public func isReachable(timeout: TimeInterval = 2) -> Bool {
        let deadline = TimeAmount.milliseconds(Int64(timeout * 1000))
        guard let connection = try? pool.checkout(starting: "SELECT 1", wait: timeout, answerDeadline: deadline) else { return false }
        pool.checkin(connection, reusable: true)
        return true
    }

    /// A command that ends without ``close()`` still says goodbye to the server: its idle connections are closed here
    /// (PostgresNIO stops a process whose connection is released open).
    deinit {
        if !pool.isClosed { close() }
    }

    /// Closes the connections and stops the listeners; calls after this throw ``PostgresStoreError/closed``.
    ///
    /// Call it once, when no transaction runs any more, and never from an event loop thread.
    public func close() {
        let running = listeners.withLock { listeners in
            defer { listeners = [] }
            return listeners
        }
        running.forEach { $0.stop() }
        pool.close()
        if ownsEventLoopGroup {
            try? eventLoopGroup.syncShutdownGracefully()
        }
    }

    func register(_ listener: PostgresListener) {
        listeners.withLock { $0.append(listener) }
    }

    private func transaction<T>(_ begin: String, _ body: (any SQLSession) throws -> T) throws -> T {
        let connection = try pool.checkout(starting: begin, wait: TimeInterval(settings.connectTimeoutSeconds))
        let session = PostgresSession(runner: pool.runner(for: connection))
        var reusable = true
        defer { pool.checkin(connection, reusable: reusable) }
        do {
            let result = try body(session)
            try session.commit()
            return result
        } catch {
            reusable = session.rollback()
            throw error
        }
    }
}
