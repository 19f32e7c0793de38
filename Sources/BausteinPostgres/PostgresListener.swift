import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// What a ``PostgresListener`` reports.
public enum PostgresNotificationEvent: Sendable, Equatable {
    /// The listener is subscribed: first, and again after each lost connection. Notifications sent while it had no
    /// connection are lost, so read the state they announce (a generation number) anew.
    case listening
    /// A `NOTIFY` on the channel, with its payload.
    case notification(payload: String)
}

/// A `LISTEN` on one channel, on a connection of its own, that connects again whenever the connection is lost.
///
/// Made by ``PostgresDatabase/listen(channel:onEvent:)``; runs until ``stop()`` or the database's
/// ``PostgresDatabase/close()``. The handler runs on an event loop thread: it must return quickly and must not call
/// the database's blocking functions (hand the work to a queue or task).
public final class PostgresListener: Sendable {
    private struct State {
        var stopped = false
        var connection: PostgresConnection?
        var failures = 0
    }

    /// The channel listened on.
    public let channel: String
    private let pool: PostgresConnectionPool
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let handler: @Sendable (PostgresNotificationEvent) -> Void
    private let state = Mutex(State())

    init(
        channel: String, pool: PostgresConnectionPool, eventLoop: any EventLoop, logger: Logger,
        handler: @escaping @Sendable (PostgresNotificationEvent) -> Void
    ) {
        self.channel = channel
        self.pool = pool
        self.eventLoop = eventLoop
        self.logger = logger
        self.handler = handler
    }

    /// Ends the subscription and closes its connection; no event is reported after this returns.
    public func stop() {
        let connection = state.withLock { state in
            state.stopped = true
            defer { state.connection = nil }
            return state.connection
        }
        guard let connection else { return }
        let closed: EventLoopFuture<Void> = connection.close()
        // Waiting is not possible on the connection's own event loop (a handler that stops its listener).
        if !connection.eventLoop.inEventLoop { _ = try? closed.wait() }
    }

    func start() {
        subscribe()
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func subscribe() {
        guard !isStopped else { return }
        let channel = channel
        let handler = handler
        pool.connect().flatMap { connection -> EventLoopFuture<PostgresConnection> in
            let stopped = self.state.withLock { state in
                if !state.stopped { state.connection = connection }
                return state.stopped
            }
            guard !stopped else { return connection.close().map { connection } }
            connection.addListener(channel: channel) { _, notification in
                guard !self.isStopped else { return }
                handler(.notification(payload: notification.payload))
            }
            // Statements run in order: once this answers, the LISTEN sent by addListener has taken effect.
            return connection.query("SELECT 1", logger: self.logger).map { _ in connection }
        }.whenComplete { result in
            switch result {
            case .success(let connection):
                guard !self.isStopped else { return }
                self.state.withLock { $0.failures = 0 }
                handler(.listening)
                connection.closeFuture.whenComplete { _ in self.connectionEnded(connection) }
            case .failure(let error):
                self.retry(after: error)
            }
        }
    }

    private func connectionEnded(_ connection: PostgresConnection) {
        guard !isStopped else { return }
        logger.warning("PostgreSQL: the LISTEN connection was lost, connecting again", metadata: ["postgres.channel": "\(channel)"])
        state.withLock { if $0.connection === connection { $0.connection = nil } }
        subscribe()
    }

    private func retry(after error: any Error) {
        let (stopped, connection, failures) = state.withLock { state in
            state.failures += 1
            defer { state.connection = nil }
            return (state.stopped, state.connection, state.failures)
        }
        let _: EventLoopFuture<Void>? = connection?.close()
        guard !stopped else { return }
        // 0.5 s, 1 s, 2 s, then every 5 s: quick after a restart, quiet during a long outage.
        let delay = TimeAmount.milliseconds(min(5000, 250 << min(failures, 5)))
        logger.warning(
            "PostgreSQL: LISTEN failed, trying again",
            metadata: ["postgres.channel": "\(channel)", "error": "\(pool.connectionError(error))", "retry.ms": "\(delay.nanoseconds / 1_000_000)"])
        eventLoop.scheduleTask(in: delay) { self.subscribe() }
    }
}
