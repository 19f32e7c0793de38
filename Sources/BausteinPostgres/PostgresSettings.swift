import Foundation

/// Where and how to reach the PostgreSQL server, read from a connection string as libpq writes it.
///
/// The password is kept for connecting only: ``description`` and ``redacted`` show `***` in its place, so that a settings
/// value can be logged or printed by `baustein migrate`.
///
/// ```swift
/// let settings = try PostgresSettings(url: "postgres://baustein:geheim@db.intern:5432/baustein?sslmode=verify-full")
/// print(settings)  // postgres://baustein:***@db.intern:5432/baustein?sslmode=verify-full&pool_size=10&…
/// ```
public struct PostgresSettings: Sendable, Equatable {
    /// Whether and how the connection is encrypted, with libpq's names and meanings.
    public enum SSLMode: String, Sendable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate; plain TCP otherwise.
        case prefer
        /// TLS or no connection; the certificate is checked against `sslrootcert` when one is given, otherwise not.
        case require
        /// TLS with the certificate checked against `sslrootcert` (or the system's roots) and the host name.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The role's password, if the server asks for one.
    public var password: String?
    /// The database to open.
    public var database: String
    /// Whether and how the connection is encrypted.
    public var sslMode: SSLMode
    /// A PEM file with the certificate authority to trust instead of the system's roots.
    public var sslRootCertificate: String?
    /// How many connections one process opens at most.
    public var poolSize: Int
    /// How long one statement may run before the server cancels it, in milliseconds (0: no limit).
    public var statementTimeoutMilliseconds: Int
    /// How long connecting, or waiting for a free pooled connection, may take, in seconds.
    public var connectTimeoutSeconds: Int

    /// The defaults, libpq's where it has one.
    public static let defaultPort = 5432
    public static let defaultPoolSize = 10
    public static let defaultStatementTimeoutMilliseconds = 30_000
    public static let defaultConnectTimeoutSeconds = 10

    static let poolSizes = 1...500
    static let statementTimeouts = 0...86_400_000
    static let connectTimeouts = 1...600

    public init(
        host: String,
        port: Int = PostgresSettings.defaultPort,
        user: String,
        password: String? = nil,
        database: String,
        sslMode: SSLMode = .prefer,
        sslRootCertificate: String? = nil,
        poolSize: Int = PostgresSettings.defaultPoolSize,
        statementTimeoutMilliseconds: Int = PostgresSettings.defaultStatementTimeoutMilliseconds,
        connectTimeoutSeconds: Int = PostgresSettings.defaultConnectTimeoutSeconds
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.sslRootCertificate = sslRootCertificate
        self.poolSize = poolSize
        self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }

    /// The settings as a URL with `***` for the password, for logs and command output.
    public var redacted: String {
        var url = "postgres://\(Self.encode(user))"
        if password != nil { url += ":***" }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        url += "@\(shownHost):\(port)/\(Self.encode(database))?sslmode=\(sslMode.rawValue)"
        if let sslRootCertificate { url += "&sslrootcert=\(Self.encode(sslRootCertificate, path: true))" }
        url += "&pool_size=\(poolSize)&statement_timeout=\(statementTimeoutMilliseconds)&connect_timeout=\(connectTimeoutSeconds)"
        return url
    }

    /// Percent-encodes all but ASCII letters, digits and `-._~` (and `/` in a file path).
    private static func encode(_ part: String, path: Bool = false) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~" + (path ? "/" : ""))
        return part.addingPercentEncoding(withAllowedCharacters: allowed) ?? part
    }
}

extension PostgresSettings: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { redacted }
    public var debugDescription: String { "PostgresSettings(\(redacted))" }
    /// `dump` and debuggers show the redacted URL, never the password.
    public var customMirror: Mirror { Mirror(self, children: ["url": redacted]) }
}
