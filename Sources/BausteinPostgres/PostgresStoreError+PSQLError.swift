import PostgresNIO

extension PostgresStoreError {
    /// The store's error for what PostgresNIO threw while running `statement`.
    ///
    /// Only the server's message, SQLSTATE, constraint and table are kept: PostgresNIO's own description would add the
    /// DETAIL line, which can repeat a citizen's data.
    init(running statement: String?, error: any Error, statementTimeoutMilliseconds: Int) {
        if let error = error as? PostgresStoreError {
            self = error
            return
        }
        guard let error = error as? PSQLError else {
            self = .connectionLost(reason: String(describing: type(of: error)))
            return
        }
        if error.code == .server, let info = error.serverInfo {
            let sqlState = info[.sqlState] ?? "?"
            let message = info[.message] ?? "ohne Meldung"
            if Self.isConnectionEnd(sqlState) {
                // The server shuts down or restarts ("terminating connection due to administrator command").
                self = .connectionLost(reason: "\(message) (SQLSTATE \(sqlState))")
            } else if sqlState == "57014" && message.contains("statement timeout") {
                self = .statementTimeout(milliseconds: statementTimeoutMilliseconds, statement: statement)
            } else {
                self = .server(
                    sqlState: sqlState, message: message, constraint: info[.constraintName], table: info[.tableName], statement: statement)
            }
            return
        }
        self = .connectionLost(reason: Self.reason(error))
    }

    /// The store's error for a connection that could not be opened.
    init(connectingTo endpoint: String, error: any Error) {
        if let error = error as? PSQLError, error.code == .server, let info = error.serverInfo,
            !Self.isConnectionEnd(info[.sqlState] ?? "")
        {
            // Refused by the server (wrong password, unknown database): retrying will not help, so it is no connection problem.
            self = .server(
                sqlState: info[.sqlState] ?? "?", message: info[.message] ?? "ohne Meldung", constraint: nil, table: nil, statement: nil)
            return
        }
        let reason: String
        if let error = error as? PSQLError, let info = error.serverInfo, let message = info[.message] {
            reason = "\(message) (SQLSTATE \(info[.sqlState] ?? "?"))"
        } else {
            reason = (error as? PSQLError).map(Self.reason) ?? String(describing: error)
        }
        self = .connectionFailed(endpoint: endpoint, reason: reason)
    }

    /// Whether the SQLSTATE ends the connection rather than refusing a statement: class 08 (connection exception), the
    /// server shutting down (57P01, 57P02) or starting up (57P03).
    private static func isConnectionEnd(_ sqlState: String) -> Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }

    /// What went wrong with the connection, without the statement or its arguments.
    private static func reason(_ error: PSQLError) -> String {
        switch error.code {
        case .sslUnsupported:
            return "der Server bietet kein TLS an (sslmode=require oder verify-full)"
        case .serverClosedConnection, .uncleanShutdown:
            return "der Server hat die Verbindung beendet"
        case .clientClosedConnection:
            return "die Verbindung war geschlossen"
        default:
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return "\(error.code)\(underlying)"
        }
    }
}
