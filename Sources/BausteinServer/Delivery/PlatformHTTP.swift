import AsyncHTTPClient
import BausteinCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A platform API's answer: status, headers and (at most 1 MiB of) body.
struct PlatformAnswer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }

    /// Mastodon's wait after a 429: `X-RateLimit-Reset` (a timestamp) as seconds from now, at least one.
    var rateLimitReset: TimeInterval? {
        headers.first(name: "X-RateLimit-Reset").flatMap(Timestamp.parse).map { max(1, $0.timeIntervalSinceNow) }
    }

    /// Telegram's wait after a 429: `parameters.retry_after` in seconds.
    var retryAfterParameter: TimeInterval? {
        ((json["parameters"] as? [String: Any])?["retry_after"] as? NSNumber)?.doubleValue
    }
}

/// Calls platform APIs over the process's AsyncHTTPClient (``HTTPClientTransport/client``: pooled, no redirects), with a
/// deadline per call. Errors without an answer are `nil` plus a German reason; tokens never appear in reasons or logs.
enum PlatformHTTP {
    static let answerLimit = 1 << 20

    /// Sends a request; nil and why when no answer arrived in time, and whether the request may have reached the platform
    /// all the same (`mayHaveArrived`: a timeout or a dropped connection after it was sent, not a refused connection).
    static func send(
        _ method: HTTPMethod, _ url: URL, headers: [(String, String)] = [], json: [String: Any]? = nil, form: [(String, String)]? = nil,
        timeout: TimeInterval
    ) async -> (answer: PlatformAnswer?, problem: String?, mayHaveArrived: Bool) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json, let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]) {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        } else if let form {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: formEncoded(form)))
        }
        do {
            let response = try await HTTPClientTransport.client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            let body = (try? await response.body.collect(upTo: answerLimit)).map { Array($0.readableBytesView) } ?? []
            return (PlatformAnswer(status: Int(response.status.code), headers: response.headers, body: body), nil, true)
        } catch let error as HTTPClientError where error == .connectTimeout {
            return (nil, "keine Verbindung innerhalb von \(GermanNumber.decimal(timeout, digits: 1)) s", false)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return (nil, "keine Antwort innerhalb von \(GermanNumber.decimal(timeout, digits: 1)) s", true)
        } catch is NIOConnectionError, is SocketAddressError, is NIOSSLError {
            return (nil, "keine Verbindung", false)
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            return (nil, "Verbindung abgelehnt", false)
        } catch {
            return (nil, "Verbindung abgebrochen (\(type(of: error)))", true)
        }
    }

    /// `application/x-www-form-urlencoded`, as the Graph and Mastodon APIs take it.
    static func formEncoded(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }

    /// The outcome for answers every platform gives alike: 429 and 5xx are worth another try, 401 means the token.
    static func common(_ answer: PlatformAnswer, platform: String, tokenVariable: String, retryAfter: TimeInterval? = nil) -> DeliveryOutcome? {
        switch answer.status {
        case 429:
            let header = answer.headers.first(name: "Retry-After").flatMap(TimeInterval.init)
            return .retry(reason: "\(platform): zu viele Anfragen (HTTP 429)", after: retryAfter ?? header)
        case 500...599:
            return .retry(reason: "\(platform): Fehler der Plattform (HTTP \(answer.status))", after: nil)
        case 401:
            return .failed(
                reason: "\(platform): Zugangstoken ungültig oder widerrufen (HTTP 401); \(tokenVariable) erneuern, dann 'baustein outbox retry ID'.")
        default:
            return nil
        }
    }
}
