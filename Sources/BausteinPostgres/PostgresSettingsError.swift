/// A connection string that ``PostgresSettings`` cannot use; the message never repeats the string (it may hold a password).
public enum PostgresSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not a URL at all, or one whose parts cannot be read (an unencoded `@`, `/` or `:` in the password, for example).
    case invalidURL
    /// The URL starts with another scheme than `postgres://` or `postgresql://`.
    case unsupportedScheme(String)
    /// No host between `@` and the port or database.
    case missingHost
    /// No user before the `@`.
    case missingUser
    /// No database name after the host.
    case missingDatabase
    /// The port is no number from 1 to 65535.
    case invalidPort(String)
    /// `sslmode` is none of the supported modes.
    case unknownSSLMode(String)
    /// `sslmode=verify-full` names a root certificate file that is missing.
    case missingRootCertificate(path: String)
    /// The root certificate file cannot be read as PEM certificates.
    case invalidRootCertificate(path: String)
    /// A query parameter that Baustein does not know (a typo would otherwise be ignored silently).
    case unknownParameter(String)
    /// A numeric parameter outside its range.
    case invalidNumber(parameter: String, value: String, allowed: ClosedRange<Int>)

    public var description: String {
        let example = "postgres://benutzer:passwort@host:5432/datenbank?sslmode=require"
        switch self {
        case .invalidURL:
            return "Die PostgreSQL-Adresse ist keine gültige URL. Form: \(example); Sonderzeichen in Benutzer und Passwort "
                + "prozentkodieren (z. B. %40 für @, %2F für /, %3A für :)."
        case .unsupportedScheme(let scheme):
            return "Die PostgreSQL-Adresse beginnt mit '\(scheme)://': erwartet wird postgres:// oder postgresql://, z. B. \(example)."
        case .missingHost:
            return "In der PostgreSQL-Adresse fehlt der Server (Host): \(example)."
        case .missingUser:
            return "In der PostgreSQL-Adresse fehlt der Benutzer vor dem @: \(example)."
        case .missingDatabase:
            return "In der PostgreSQL-Adresse fehlt der Name der Datenbank nach dem Server: \(example)."
        case .invalidPort(let port):
            return "Der Port '\(port)' der PostgreSQL-Adresse ist keine Zahl von 1 bis 65535 (Standard: 5432)."
        case .unknownSSLMode(let mode):
            return "sslmode=\(mode) ist unbekannt: erlaubt sind disable, prefer, require und verify-full."
        case .missingRootCertificate(let path):
            return "Die Zertifikatsdatei sslrootcert=\(path) gibt es nicht: Pfad prüfen oder sslrootcert weglassen, "
                + "dann gelten die Stammzertifikate des Systems."
        case .invalidRootCertificate(let path):
            return "Die Zertifikatsdatei sslrootcert=\(path) enthält kein lesbares PEM-Zertifikat: die CA-Datei des "
                + "Datenbankbetriebs angeben (-----BEGIN CERTIFICATE-----)."
        case .unknownParameter(let name):
            return "Der Parameter '\(name)' der PostgreSQL-Adresse ist unbekannt: erlaubt sind sslmode, sslrootcert, pool_size, "
                + "statement_timeout (ms) und connect_timeout (s)."
        case .invalidNumber(let parameter, let value, let allowed):
            return "\(parameter)=\(value) in der PostgreSQL-Adresse ist keine ganze Zahl von \(allowed.lowerBound) bis "
                + "\(allowed.upperBound)."
        }
    }
}
