import BausteinCore
import BausteinServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// `/healthz`, `/metrics` and background matching.
@Suite("Health, metrics and matching")
struct OperationsTests {
    @Test("healthz answers 200 while the database is reachable")
    func health() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.json["database"] as? String == "ok")
            }
        }
    }

    @Test("metrics count messages by channel, duplicates, rejections by reason, queue depth and latencies")
    func metrics() async throws {
        let fixture = try ServerFixture()
        let body = try ServerFixture.fixture("generic-message.json")
        let signed: HTTPFields = [
            .contentType: "application/json",
            HTTPField.Name("X-Baustein-Signature")!: "sha256=" + Hashing.hmacHex(key: Array("generic-geheim".utf8), message: body),
        ]
        let text = try await fixture.test { client in
            for _ in 0..<2 { try await client.execute(uri: "/webhooks/generic", method: .post, headers: signed, body: ByteBuffer(bytes: body)) }
            try await client.execute(uri: "/webhooks/generic", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: body))
            // The matcher runs in the background; wait until the message has its suggestions.
            for _ in 0..<200 where try fixture.workflow.intake.unmatchedCount() > 0 { try await Task.sleep(for: .milliseconds(10)) }
            return try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                return String(buffer: response.body)
            }
        }
        #expect(text.contains(#"baustein_messages_received_total{channel="web"} 1"#))
        #expect(text.contains(#"baustein_messages_duplicate_total{channel="web"} 1"#))
        #expect(text.contains(#"baustein_webhook_rejected_total{webhook="generic",reason="signature_missing"} 1"#))
        #expect(text.contains(#"baustein_queue_depth{state="open"} 1"#))
        #expect(text.contains("baustein_unmatched_items 0"))
        #expect(text.contains("baustein_match_duration_seconds_count 1"))
        #expect(text.contains(#"baustein_http_request_duration_seconds_count{route="/webhooks/generic",method="POST"} 3"#))
        #expect(!text.contains("Personalausweis"), "no message text in metrics")
    }

    @Test("the background matcher gives every stored message its suggestions")
    func backgroundMatching() async throws {
        let fixture = try ServerFixture()
        let messages = (0..<30).map { n in
            #"{"id":"m\#(n)","channel":"web","text":"Wann wird der Sperrmüll abgeholt? (\#(n))"}"#
        }
        try await fixture.test { client in
            for message in messages {
                try await client.execute(uri: "/webhooks/generic", method: .post, headers: ServerFixture.intakeBearer, body: ByteBuffer(string: message)) {
                    #expect($0.status == .ok)
                }
            }
            for _ in 0..<300 where try fixture.workflow.intake.unmatchedCount() > 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
        let queue = try fixture.workflow.queue.entries(states: [.open])
        #expect(queue.count == 30)
        #expect(queue.allSatisfy { $0.matched && $0.top?.snippetID == "sperrmuell" })
    }
}
