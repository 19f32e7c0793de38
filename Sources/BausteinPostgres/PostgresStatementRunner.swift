import Logging
import NIOCore
import PostgresNIO

/// Runs statements on one connection from an ordinary thread, waiting for each answer up to a deadline.
///
/// The deadline catches what `statement_timeout` cannot: a server or network that does not answer at all. When it
/// passes, the connection is closed (it may be mid-protocol) and the pool drops it.
struct PostgresStatementRunner {
    let connection: PostgresConnection
    let logger: Logger
    let statementTimeoutMilliseconds: Int
    /// How long to wait for an answer; nil waits as long as the connection stays open.
    let answerDeadline: TimeAmount?

    /// A runner whose deadline is `answerDeadline`, or by default the server's own limit plus the time a connection may
    /// take (so that a slow statement is cancelled by the server first, with its clearer error).
    init(connection: PostgresConnection, settings: PostgresSettings, logger: Logger, answerDeadline: TimeAmount? = nil) {
        self.connection = connection
        self.logger = logger
        self.statementTimeoutMilliseconds = settings.statementTimeoutMilliseconds
        let byDefault: TimeAmount? =
            settings.statementTimeoutMilliseconds == 0
            ? nil : .milliseconds(Int64(settings.statementTimeoutMilliseconds + settings.connectTimeoutSeconds * 1000))
        self.answerDeadline = answerDeadline ?? byDefault
    }

    /// Runs `sql` (with `$n` placeholders) and returns its rows and command tag.
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws(PostgresStoreError) -> PostgresQueryResult {
        // A statement written to a channel that has closed is never answered (its handlers are gone): ask first.
        guard !connection.isClosed else { throw .connectionLost(reason: "die Verbindung war geschlossen") }
        let connection = connection
        let answer = connection.eventLoop.makePromise(of: PostgresQueryResult.self)
        connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).cascade(to: answer)
        let timer = answerDeadline.map { deadline in
            connection.eventLoop.scheduleTask(in: deadline) {
                // The statement's own promise may never complete on a dead channel: ours does, and the pool drops the connection.
                answer.fail(PostgresStoreError.noAnswer(seconds: Int(deadline.nanoseconds / 1_000_000_000)))
                let _: EventLoopFuture<Void> = connection.close()
            }
        }
        defer { timer?.cancel() }
        do {
            return try answer.futureResult.wait()
        } catch {
            throw PostgresStoreError(running: sql, error: error, statementTimeoutMilliseconds: statementTimeoutMilliseconds)
        }
    }
}
