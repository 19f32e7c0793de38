import Foundation

extension PostgresSettings {
    /// Reads a connection string of the form
    /// `postgres://user:password@host:port/database?sslmode=…&sslrootcert=…&pool_size=…&statement_timeout=…&connect_timeout=…`.
    ///
    /// `postgresql://` is accepted too; user, password and database are percent-decoded. Defaults: port 5432, sslmode
    /// prefer, pool_size 10, statement_timeout 30000 (ms), connect_timeout 10 (s).
    ///
    /// - Throws: ``PostgresSettingsError``, whose message never repeats the string.
    public init(url: String) throws(PostgresSettingsError) {
        let text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = text.range(of: "://") else { throw .invalidURL }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            // A scheme is no secret, but a string without one may be anything: show letters only.
            guard scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" }) else { throw .invalidURL }
            throw .unsupportedScheme(scheme)
        }
        var rest = text[schemeEnd.upperBound...]
        var query = Substring("")
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/")
        let authority = slash.map { rest[..<$0] } ?? rest
        guard let at = authority.lastIndex(of: "@") else {
            // An unencoded '/' in the password moves the '@' behind the first slash.
            if rest.contains("@") { throw .invalidURL }
            throw .missingUser
        }
        let (user, password) = try Self.credentials(authority[..<at])
        let (host, port) = try Self.hostAndPort(authority[authority.index(after: at)...])
        let databasePart = slash.map { rest[rest.index(after: $0)...] } ?? ""
        guard let database = databasePart.removingPercentEncoding, !database.contains("/") else { throw .invalidURL }
        guard !database.isEmpty else { throw .missingDatabase }

        self.init(host: host, port: port, user: user, password: password, database: database)
        try applyParameters(query)
    }

    private static func credentials(_ userInfo: Substring) throws(PostgresSettingsError) -> (String, String?) {
        let colon = userInfo.firstIndex(of: ":")
        guard let user = (colon.map { userInfo[..<$0] } ?? userInfo).removingPercentEncoding else { throw .invalidURL }
        guard !user.isEmpty else { throw .missingUser }
        guard let colon else { return (user, nil) }
        guard let password = userInfo[userInfo.index(after: colon)...].removingPercentEncoding else { throw .invalidURL }
        return (user, password)
    }

    private static func hostAndPort(_ hostPort: Substring) throws(PostgresSettingsError) -> (String, Int) {
        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            // An IPv6 address: [::1]:5432
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalidURL }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw .missingHost }
        guard let decodedHost = host.removingPercentEncoding else { throw .invalidURL }
        guard let portText, !portText.isEmpty else { return (decodedHost, defaultPort) }
        guard let port = Int(portText), (1...65535).contains(port) else { throw .invalidPort(String(portText)) }
        return (decodedHost, port)
    }

    private mutating func applyParameters(_ query: Substring) throws(PostgresSettingsError) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = parts[0].removingPercentEncoding,
                let value = (parts.count > 1 ? parts[1] : "").removingPercentEncoding
            else { throw .invalidURL }
            switch name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else { throw .unknownSSLMode(value) }
                sslMode = mode
            case "sslrootcert":
                sslRootCertificate = value.isEmpty ? nil : value
            case "pool_size":
                poolSize = try Self.number(name, value, in: Self.poolSizes)
            case "statement_timeout":
                statementTimeoutMilliseconds = try Self.number(name, value, in: Self.statementTimeouts)
            case "connect_timeout":
                connectTimeoutSeconds = try Self.number(name, value, in: Self.connectTimeouts)
            default:
                throw .unknownParameter(name)
            }
        }
    }

    private static func number(_ name: String, _ value: String, in allowed: ClosedRange<Int>) throws(PostgresSettingsError) -> Int {
        guard let number = Int(value), allowed.contains(number) else {
            throw .invalidNumber(parameter: name, value: value, allowed: allowed)
        }
        return number
    }
}
