import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import Synchronization

/// Logs carry ids, never what citizens wrote or who they are (issue: personal data stays in the database).
@Suite("Log privacy")
struct LogPrivacyTests {
    /// Keeps every log line with its metadata, as a log shipper would see it.
    final class Recorder: Sendable {
        private let lines = Mutex<[String]>([])

        func append(_ line: String) { lines.withLock { $0.append(line) } }

        var all: [String] { lines.withLock { $0 } }
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(
            level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            let all = metadata.merging(explicit ?? [:]) { _, new in new }
            recorder.append("\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }

    @Test("at trace level, webhook intake, rejections, matching and the API log no message text, author or reply address")
    func noPersonalDataInLogs() async throws {
        let recorder = Recorder()
        let logger = Logger(label: "baustein-test") { _ in RecordingHandler(recorder: recorder) }
        let fixture = try ServerFixture(logger: logger)
        let body = try ServerFixture.fixture("generic-message.json")
        let signed: HTTPFields = [
            .contentType: "application/json",
            HTTPField.Name("X-Baustein-Signature")!: "sha256=" + Hashing.hmacHex(key: Array("generic-geheim".utf8), message: body),
        ]
        let forged: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Baustein-Signature")!: "sha256=" + String(repeating: "0", count: 64)]
        let broken = Array(#"{"id": "web-1", "channel": "web", "author": "Erika Mustermann", "text": 42}"#.utf8)
        try await fixture.test { client in
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: signed, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: forged, body: ByteBuffer(bytes: body)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: ServerFixture.intakeBearer, body: ByteBuffer(bytes: broken)) {
                #expect($0.status == .badRequest)
            }
            for _ in 0..<200 where try fixture.workflow.intake.unmatchedCount() > 0 { try await Task.sleep(for: .milliseconds(10)) }
            try await client.execute(uri: "/api/queue", method: .get, headers: ServerFixture.bearer("anna")) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/items/1", method: .get, headers: ServerFixture.bearer("anna")) { #expect($0.status == .ok) }
        }
        let lines = recorder.all
        #expect(!lines.isEmpty, "the server logged nothing: the check would prove nothing")
        for secret in ["Personalausweis", "abgelaufen", "Erika", "Mustermann", "erika@example.org"] {
            let leaking = lines.filter { $0.contains(secret) }
            #expect(leaking.isEmpty, "log lines carry '\(secret)': \(leaking)")
        }
    }
}
