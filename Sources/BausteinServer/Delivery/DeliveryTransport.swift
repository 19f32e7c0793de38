import AsyncHTTPClient
import BausteinCore
import Foundation
import NIOCore
import NIOHTTP1

/// What one delivery attempt got back.
public struct DeliveryResponse: Sendable, Equatable {
    /// The HTTP status, nil when no answer arrived.
    public var status: Int?
    /// Why the attempt failed, for the audit trail (never the reply text).
    public var problem: String?

    public var isSuccess: Bool { (200..<300).contains(status ?? 0) }

    public init(status: Int?, problem: String?) {
        self.status = status
        self.problem = problem
    }
}

/// Posts one delivery; a protocol so that tests can count attempts without a network.
public protocol DeliveryTransport: Sendable {
    func post(_ body: [UInt8], to url: URL, headers: [String: String], timeout: TimeInterval) async -> DeliveryResponse
    /// Releases connections when the server stops.
    func shutdown() async
}

extension DeliveryTransport {
    public func shutdown() async {}
}

/// Delivery over HTTP with AsyncHTTPClient: pooled connections, a deadline per attempt, and redirects never followed,
/// because a redirect would carry the signed reply (and its signature) to another address.
public struct HTTPClientTransport: DeliveryTransport {
    /// One client for the whole process, like `HTTPClient.shared` but without redirects: it lives as long as the
    /// process, so it is never shut down (and its pool serves every delivery service).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(5))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Most bytes of a receiver's answer that are read (and ignored).
    static let answerLimit = 64 * 1024

    private var client: HTTPClient { Self.client }

    public init() {}

    public func post(_ body: [UInt8], to url: URL, headers: [String: String], timeout: TimeInterval) async -> DeliveryResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            _ = try? await response.body.collect(upTo: Self.answerLimit)
            let status = Int(response.status.code)
            return DeliveryResponse(status: status, problem: (200..<300).contains(status) ? nil : "HTTP \(status)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return DeliveryResponse(status: nil, problem: "keine Antwort innerhalb von \(GermanNumber.decimal(timeout, digits: 1)) s")
        } catch {
            return DeliveryResponse(status: nil, problem: "keine Verbindung (\(type(of: error)))")
        }
    }
}
