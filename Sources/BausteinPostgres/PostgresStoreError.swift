import Foundation

/// A failure of the PostgreSQL store: the server refused a statement, or the server could not be reached.
///
/// Messages carry the server's message, SQLSTATE, constraint and table, and the statement with its `?` placeholders, but
/// never the bound arguments nor the server's DETAIL line: both may hold a citizen's personal data (a unique violation's
/// DETAIL repeats the duplicate key).
public enum PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The server refused a statement.
    case server(sqlState: String, message: String, constraint: String?, table: String?, statement: String?)
    /// The server cancelled a statement that ran longer than `statement_timeout`.
    case statementTimeout(milliseconds: Int, statement: String?)
    /// No connection to the server could be opened.
    case connectionFailed(endpoint: String, reason: String)
    /// The connection broke during a call (server restarted, network cut); the transaction did not commit.
    case connectionLost(reason: String)
    /// The server did not answer within the statement's deadline; the connection was closed.
    case noAnswer(seconds: Int)
    /// All pooled connections stayed busy for the whole wait.
    case poolExhausted(poolSize: Int, waitedSeconds: Int)
    /// The transaction had failed before its end (an error was caught and ignored inside it): the server rolled it back.
    case transactionAborted
    /// A column of a type that the store does not read (the statement should cast it, e.g. `::text`).
    case unsupportedColumnType(column: String, type: String)
    /// A statement with another number of `?` placeholders than arguments: a mistake in the program.
    case wrongArgumentCount(placeholders: Int, arguments: Int, statement: String)
    /// A LISTEN/NOTIFY channel name other than 1 to 63 letters, digits and underscores.
    case invalidChannelName(String)
    /// The database was closed with ``PostgresDatabase/close()``.
    case closed

    /// The SQLSTATE of a refused statement (`23505` for a unique violation), nil for errors of the connection.
    public var sqlState: String? {
        switch self {
        case .server(let sqlState, _, _, _, _): sqlState
        case .statementTimeout: "57014"
        default: nil
        }
    }

    /// Whether a unique constraint refused the row: it is already stored.
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether the transaction lost a race with another one (serialization failure or deadlock): running it again can succeed.
    public var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Whether the server could not be reached or the connection broke: a later call may succeed.
    public var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .connectionLost, .noAnswer, .poolExhausted: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .server(let sqlState, let message, let constraint, let table, let statement):
            var text = "PostgreSQL lehnt die Anweisung ab: \(message) (SQLSTATE \(sqlState)"
            if let constraint { text += ", Bedingung \(constraint)" }
            if let table { text += ", Tabelle \(table)" }
            text += ")." + Self.hint(sqlState)
            if let statement { text += " Anweisung: \(Self.shortened(statement))" }
            return text
        case .statementTimeout(let milliseconds, let statement):
            return "PostgreSQL hat eine Anweisung nach \(milliseconds) ms abgebrochen (statement_timeout): Datenbank-Last prüfen "
                + "oder statement_timeout in der PostgreSQL-Adresse erhöhen."
                + (statement.map { " Anweisung: \(Self.shortened($0))" } ?? "")
        case .connectionFailed(let endpoint, let reason):
            return "Keine Verbindung zu PostgreSQL (\(endpoint)): \(reason). Läuft der Server, stimmen Host, Port, Benutzer, "
                + "Passwort und sslmode?"
        case .connectionLost(let reason):
            return "Die Verbindung zu PostgreSQL ist abgebrochen (\(reason)); die Änderung wurde nicht gespeichert. "
                + "Der nächste Aufruf verbindet neu: bitte wiederholen."
        case .noAnswer(let seconds):
            return "PostgreSQL hat \(seconds) s nicht geantwortet; die Verbindung wurde geschlossen und die Änderung nicht "
                + "gespeichert. Netz und Server prüfen, dann wiederholen."
        case .poolExhausted(let poolSize, let waitedSeconds):
            return "Alle \(poolSize) PostgreSQL-Verbindungen waren \(waitedSeconds) s lang belegt: später wiederholen oder "
                + "pool_size in der PostgreSQL-Adresse erhöhen (max_connections des Servers beachten)."
        case .transactionAborted:
            return "Die Transaktion war nach einem Fehler schon abgebrochen; PostgreSQL hat sie zurückgerollt, nichts wurde "
                + "gespeichert. Den Fehler in der Transaktion nicht abfangen oder einen Savepoint verwenden."
        case .unsupportedColumnType(let column, let type):
            return "Die Spalte '\(column)' hat den PostgreSQL-Typ \(type), den Baustein nicht liest: in der Anweisung "
                + "umwandeln, z. B. \(column)::text."
        case .wrongArgumentCount(let placeholders, let arguments, let statement):
            return "Programmfehler: die Anweisung hat \(placeholders) Platzhalter, aber \(arguments) Werte wurden übergeben. "
                + "Bitte melden. Anweisung: \(Self.shortened(statement))"
        case .invalidChannelName(let name):
            return "'\(name)' ist kein gültiger Kanalname für LISTEN/NOTIFY: 1 bis 63 Buchstaben, Ziffern oder Unterstriche."
        case .closed:
            return "Die PostgreSQL-Datenbank wurde bereits geschlossen."
        }
    }

    /// The same error naming `statement` (as the caller wrote it, with `?`) instead of the one that ran.
    func naming(_ statement: String) -> PostgresStoreError {
        switch self {
        case .server(let sqlState, let message, let constraint, let table, _):
            .server(sqlState: sqlState, message: message, constraint: constraint, table: table, statement: statement)
        case .statementTimeout(let milliseconds, _):
            .statementTimeout(milliseconds: milliseconds, statement: statement)
        default:
            self
        }
    }

    /// What to do about the common refusals.
    private static func hint(_ sqlState: String) -> String {
        switch sqlState {
        case "23505": " Der Eintrag ist schon gespeichert."
        case "40001", "40P01": " Eine gleichzeitige Transaktion kam dazwischen: bitte wiederholen."
        case "42P01", "42703": " Das Datenbankschema ist veraltet: `baustein migrate` ausführen."
        case "28P01", "28000": " Benutzer oder Passwort in der PostgreSQL-Adresse prüfen."
        case "3D000": " Die Datenbank anlegen (createdb) oder den Namen in der PostgreSQL-Adresse prüfen."
        default: ""
        }
    }

    /// Long statements are cut: the start tells which one it was.
    private static func shortened(_ statement: String) -> String {
        let oneLine = statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + " …" : oneLine
    }
}
