import AsyncHTTPClient
import BausteinCore
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Talks to `baustein serve` over its token API for a person on their own PC. Synchronous, because the review
/// screens wait for the person anyway; every call has a deadline, redirects are never followed (they would carry the
/// token elsewhere), and the server's answers are decoded into the core's own types.
public struct APIClient: Sendable {
    public let login: ServerLogin
    let timeout: TimeAmount

    /// One HTTP client for the process; it lives as long as the process and is never shut down.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        // A refused connection is retried until the connect timeout: 5 s keeps "server down" quick to report.
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Largest answer read (a full queue of 1,000 items fits many times over).
    static let answerLimit = 32 * 1024 * 1024

    public init(login: ServerLogin, timeout: TimeAmount = .seconds(60)) {
        self.login = login
        self.timeout = timeout
    }

    var serverName: String { login.server.absoluteString }

    /// A GET whose JSON answer decodes as `T`; nil for 204 No Content.
    func get<T: Decodable>(_ path: String, query: [URLQueryItem] = [], as type: T.Type) throws -> T? {
        try decode(T.self, from: send(.GET, path, query: query, body: nil))
    }

    /// A POST with a JSON body whose JSON answer decodes as `T`; nil for 204 No Content.
    func post<T: Decodable>(_ path: String, body: some Encodable, as type: T.Type) throws -> T? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try decode(T.self, from: send(.POST, path, query: [], body: try encoder.encode(body)))
    }

    /// What came back: status and body.
    struct Answer {
        var status: Int
        var body: Data
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [URLQueryItem], body: Data?) throws -> Answer {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "Bearer \(login.token)")
        headers.add(name: "Accept", value: "application/json")
        headers.add(name: "User-Agent", value: "baustein-client")
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: login.url(path, query: query), method: method, headers: headers, body: body.map { .data($0) })
        } catch {
            throw ClientError.invalidLogin("Adresse \(serverName)/\(path) ungültig (\(error)).")
        }
        let response: HTTPClient.Response
        do {
            response = try Self.client.execute(request: request, deadline: .now() + timeout).wait()
        } catch {
            throw ClientError.unreachable(server: serverName, reason: Self.reason(error))
        }
        let data = response.body.map { Data(buffer: $0) } ?? Data()
        guard data.count <= Self.answerLimit else { throw ClientError.unexpectedAnswer(server: serverName, detail: "Antwort zu groß") }
        let status = Int(response.status.code)
        switch status {
        case 200..<300:
            return Answer(status: status, body: data)
        case 401:
            throw ClientError.unauthorized(server: serverName)
        case 300..<400:
            throw ClientError.unexpectedAnswer(server: serverName, detail: "Weiterleitung \(status), wird nicht gefolgt; Adresse genau angeben")
        default:
            guard let refusal = try? JSONDecoder().decode(ErrorBody.self, from: data) else {
                throw ClientError.unexpectedAnswer(server: serverName, detail: "HTTP \(status)")
            }
            throw ServerRefusal(status: status, code: refusal.error.code, message: refusal.error.message)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, from answer: Answer) throws -> T? {
        guard answer.status != 204 else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: answer.body)
        } catch {
            throw ClientError.unexpectedAnswer(server: serverName, detail: "Antwort nicht lesbar")
        }
    }

    /// The server's error body: `{"error": {"code", "message"}}`.
    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// Why a request got no answer, short and without internals.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            return "keine Antwort in der Frist"
        case let error as HTTPClientError where error == .connectTimeout:
            return "Verbindungsaufbau dauerte zu lange"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            return "Verbindung vom Server geschlossen"
        case is NIOSSLError, is BoringSSLError:
            return "TLS fehlgeschlagen, etwa ein Zertifikat, dem dieser Rechner nicht vertraut"
        case let error as IOError where error.errnoCode == ECONNREFUSED:
            return "Verbindung abgelehnt: läuft baustein serve dort?"
        case is NIOConnectionError, is SocketAddressError:
            return "Name nicht auflösbar oder Rechner nicht erreichbar"
        default:
            return "keine Verbindung (\(type(of: error)))"
        }
    }
}
