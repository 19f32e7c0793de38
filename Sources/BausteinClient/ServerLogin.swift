import Foundation

/// Where a client reaches `baustein serve` and with which personal token: what `baustein login` stores.
public struct ServerLogin: Sendable, Hashable, Codable {
    /// The server's base address, without a trailing slash (`https://baustein.musterstadt.example`).
    public var server: URL
    /// The personal API token (`baustein token new NAME` on the server); sent only to `server`.
    public var token: String

    /// Checks both values: the address must be https, or plain http to this machine only (a token must never cross a
    /// network unencrypted); the token must be one printable word.
    ///
    /// - Throws: ``ClientError/invalidLogin(_:)`` saying what to fix.
    public init(server text: String, token: String) throws(ClientError) {
        var text = text.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .invalidLogin("'\(text)' ist keine Serveradresse; Beispiel: https://baustein.musterstadt.example")
        }
        guard url.query == nil, url.fragment == nil, url.user == nil, url.password == nil else {
            throw .invalidLogin("Die Serveradresse darf keine Abfrage, keinen Anker und keine Zugangsdaten enthalten: \(text)")
        }
        switch scheme {
        case "https":
            break
        case "http" where Self.isLoopback(host):
            break
        case "http":
            throw .invalidLogin(
                "Unverschlüsselt (http) nur zu diesem Rechner; für \(host) https:// verwenden (TLS am Server oder an einem Reverse-Proxy).")
        default:
            throw .invalidLogin("Adresse muss mit https:// beginnen, nicht \(scheme)://.")
        }
        let token = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw .invalidLogin("Kein Token angegeben; auf dem Server: baustein token new NAME") }
        guard token.count <= 512, token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .invalidLogin("Das Token hat ungültige Zeichen; es genau so eingeben, wie 'baustein token new' es gezeigt hat.")
        }
        self.server = url
        self.token = token
    }

    /// Names that always mean this machine.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The address of an API path below the server (`api/queue`).
    func url(_ path: String, query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(url: server.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query }
        return components.url!
    }
}
