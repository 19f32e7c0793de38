import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A platform API served on 127.0.0.1 inside a test: it records every request and answers through `respond`, as the
/// platform documents its answers (success bodies, 429 with a wait, 401, 5xx).
final class PlatformStandIn: Sendable {
    struct Seen: Sendable {
        var method: String
        var path: String
        var query: [String: [String]]
        var headers: [String: String]
        var raw: [UInt8]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(raw))) as? [String: Any] ?? [:] }

        /// The fields of a form body.
        var form: [String: String] {
            var fields: [String: String] = [:]
            for pair in String(decoding: raw, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                fields[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            return fields
        }

        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    struct Answer: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        var body: String
        /// How long the platform takes to answer (after it has recorded the request).
        var delay: Duration?

        static func json(_ status: Int = 200, _ object: Any, headers: [String: String] = [:]) -> Answer {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return Answer(
                status: status, headers: headers.merging(["Content-Type": "application/json"]) { $1 }, body: String(decoding: data, as: UTF8.self))
        }
    }

    private let state = LockedBox<[Seen]>([])
    private let respond: @Sendable (Seen, _ earlier: [Seen]) -> Answer

    /// - Parameter respond: the answer to a request, given the requests before it.
    init(respond: @escaping @Sendable (Seen, _ earlier: [Seen]) -> Answer) {
        self.respond = respond
    }

    var seen: [Seen] { state.value }

    func application() -> some ApplicationProtocol {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post] {
            router.on("**", method: method) { request, _ -> Response in
                let raw = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                // HTTP/1.1's Host header arrives as the request's authority.
                if let authority = request.head.authority { headers["host"] = authority }
                var query: [String: [String]] = [:]
                for (name, value) in request.uri.queryParameters {
                    query[String(name).removingPercentEncoding ?? String(name), default: []].append(
                        String(value).removingPercentEncoding ?? String(value))
                }
                let seen = Seen(method: request.method.rawValue, path: request.uri.path, query: query, headers: headers, raw: raw)
                let earlier = self.state.mutate { all in
                    defer { all.append(seen) }
                    return all
                }
                let answer = self.respond(seen, earlier)
                if let delay = answer.delay { try await Task.sleep(for: delay) }
                var fields = HTTPFields()
                for (name, value) in answer.headers { fields[HTTPField.Name(name)!] = value }
                return Response(
                    status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: answer.body))
                )
            }
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}
