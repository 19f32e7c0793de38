import BausteinCore
import BausteinServer
import BausteinTestSupport
import Foundation
import Testing

/// E-mail handed to the system's sendmail: here a shell script in its place, which keeps what it reads or stops
/// reading, as a real sendmail with a full queue would.
@Suite("Sendmail delivery")
struct SendmailDeliveryTests {
    static func approved(sendmail script: String, in folder: URL) throws -> (ServerFixture, Int64) {
        let path = folder.appendingPathComponent("sendmail").path
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        let email = ServerConfiguration.DeliveryTarget.Email(
            transport: .sendmail(path: path), from: "Stadt Musterstadt <service@musterstadt.example>", signature: "Stadt Musterstadt")
        let target = ServerConfiguration.DeliveryTarget(platform: .email(email), tries: 2, backoffSeconds: 0.01, timeoutSeconds: 10)
        let fixture = try ServerFixture(delivery: ["email": target], secrets: PlatformDeliveryTests.secrets(), clock: .system)
        return (fixture, try EmailDeliveryTests.confirmedMail(in: fixture, messageID: "<anfrage-5@example.org>", subject: "Ausweis"))
    }

    @Test("the message goes to sendmail -t -oi with the citizen as recipient, threaded to their mail")
    func handsOver() async throws {
        let folder = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let kept = folder.appendingPathComponent("mail.txt").path
        let (fixture, id) = try Self.approved(sendmail: "#!/bin/sh\necho \"$@\" > '\(kept).args'\ncat > '\(kept)'\n", in: folder)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        #expect(try fixture.workflow.queue.item(id).entry.state == .sent)
        #expect(try String(contentsOfFile: kept + ".args", encoding: .utf8) == "-t -oi\n")
        let mail = try String(contentsOfFile: kept, encoding: .utf8)
        #expect(mail.contains("To: erika@example.org"))
        #expect(mail.contains("In-Reply-To: <anfrage-5@example.org>"))
    }

    @Test("a sendmail that exits without reading the message is retried and then failed; the server lives on (no SIGPIPE)")
    func exitsWithoutReading() async throws {
        let folder = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (fixture, id) = try Self.approved(sendmail: "#!/bin/sh\nexec 0<&-\nexit 75\n", in: folder)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
        #expect(entry.itemID == id)
        #expect(entry.lastError?.contains("sendmail endete mit Code 75") == true, "\(entry.lastError ?? "")")
    }
}
