import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one delivery attempt got back.
public struct DeliveryResponse: Sendable, Equatable {
    /// The HTTP status, nil when no answer arrived.
    public var status: Int?
    /// Why the attempt failed, for the audit trail (never the reply text).
    public var problem: String?

    public var isSuccess: Bool { (200..<300).contains(status ?? 0) }
}

/// Posts one delivery; a protocol so that tests can count attempts without a network.
public protocol DeliveryTransport: Sendable {
    func post(_ body: [UInt8], to url: URL, headers: [String: String], timeout: TimeInterval) async -> DeliveryResponse
}

/// Delivery over HTTP with Foundation's URLSession (libcurl on Linux).
public struct URLSessionTransport: DeliveryTransport {
    public init() {}

    public func post(_ body: [UInt8], to url: URL, headers: [String: String], timeout: TimeInterval) async -> DeliveryResponse {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode
            return DeliveryResponse(status: status, problem: (200..<300).contains(status ?? 0) ? nil : "HTTP \(status ?? 0)")
        } catch {
            return DeliveryResponse(status: nil, problem: "keine Antwort (\((error as NSError).code))")
        }
    }
}
