import BausteinTestSupport
import Foundation
import Hummingbird
import Testing
import Yams

/// `openapi.yaml` is the contract for integrators: it must describe exactly the routes the server answers.
@Suite("openapi.yaml")
struct OpenAPITests {
    static let methods = ["get", "post", "put", "patch", "delete"]

    @Test("every route of the server is in openapi.yaml, and every documented operation is served")
    func routesMatch() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("openapi.yaml")
        let document = try #require(try Yams.load(yaml: try String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, value) in paths {
            let operations = try #require(value as? [String: Any])
            for method in Self.methods where operations[method] != nil { documented.insert("\(method.uppercased()) \(path)") }
        }
        let router = try ServerFixture().server.router()
        let served = Set(router.routes.map { route in
            let path = "\(route.path)"
            return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
        })
        #expect(served.subtracting(documented).sorted() == [], "routes missing in openapi.yaml")
        #expect(documented.subtracting(served).sorted() == [], "documented but not served")
        #expect(served.count == 26)
    }

    @Test("every operation documents its error answers and has an id")
    func operationsAreComplete() throws {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("openapi.yaml")
        let document = try #require(try Yams.load(yaml: try String(contentsOf: url, encoding: .utf8)) as? [String: Any])
        for (path, value) in try #require(document["paths"] as? [String: [String: Any]]) {
            for method in Self.methods {
                guard let operation = value[method] as? [String: Any] else { continue }
                #expect(operation["operationId"] is String, "\(method) \(path)")
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(method) \(path) has no success answer")
                if path.hasPrefix("/api/") { #expect(responses["401"] != nil, "\(method) \(path) does not document 401") }
            }
        }
    }
}
