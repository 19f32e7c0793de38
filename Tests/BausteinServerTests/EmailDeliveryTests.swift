import BausteinCore
import BausteinServer
import BausteinTestSupport
import Foundation
import Testing

/// A real SMTP server (Debian's python3-aiosmtpd) on 127.0.0.1 with STARTTLS required, a self-signed certificate made
/// by openssl for the test, and a login; what it accepted is read back from its files.
final class SMTPServer: Sendable {
    static let python = "/usr/bin/python3"
    static let user = "baustein@musterstadt.example"
    static let password = "smtp-geheim"

    /// Whether python3-aiosmtpd and openssl are installed (`make deps` installs both).
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") && run(python, ["-c", "import aiosmtpd"]) == 0
    }

    let directory: URL
    let port: Int
    let certificate: String
    private let process: Process

    /// - Parameter delay: seconds between storing a message and answering its end (a slow or stuck mail server).
    init(delay: Double = 0) throws {
        directory = try TestEnvironment.temporaryDirectory()
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let made = Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
        guard made == 0 else { throw Unavailable(reason: "openssl konnte kein Zertifikat erzeugen") }
        guard let script = Bundle.module.url(forResource: "smtp-server", withExtension: "py", subdirectory: "Fixtures") else {
            throw Unavailable(reason: "Fixtures/smtp-server.py fehlt")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = [script.path, "0", certificate, key, mail.path, Self.user, Self.password, String(delay)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { throw Unavailable(reason: "der SMTP-Server startete nicht") }
            line += String(decoding: byte, as: UTF8.self)
        }
        guard line.hasPrefix("ready "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Unavailable(reason: "unerwartete Ausgabe des SMTP-Servers: \(line)")
        }
        self.port = port
    }

    deinit {
        process.terminate()
        for _ in 0..<50 where process.isRunning { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Unavailable: Error {
        var reason: String
    }

    struct Received: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var login: String?
        var tls: Bool
        var data: String

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", rcptTos = "rcpt_tos", login, tls, data
        }
    }

    /// The messages the server accepted, in order.
    var received: [Received] {
        let mail = directory.appendingPathComponent("mail")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: mail.path)) ?? []).sorted {
            Int($0.prefix { $0 != "." }) ?? 0 < Int($1.prefix { $0 != "." }) ?? 0
        }
        return files.compactMap { name in
            FileManager.default.contents(atPath: mail.appendingPathComponent(name).path).flatMap {
                try? JSONDecoder().decode(Received.self, from: $0)
            }
        }
    }

    @discardableResult
    static func run(_ path: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite("E-mail delivery", .enabled(if: SMTPServer.available, "needs python3-aiosmtpd and openssl (make deps installs them)"))
struct EmailDeliveryTests {
    static let from = "Stadt Musterstadt <service@musterstadt.example>"

    static func target(_ server: SMTPServer, caFile: String?, tries: Int = 3, timeout: TimeInterval = 10) -> ServerConfiguration.DeliveryTarget {
        var email = ServerConfiguration.DeliveryTarget.Email(
            transport: .smtp(host: "127.0.0.1", port: server.port, security: .starttls), from: from,
            signature: "Stadt Musterstadt · Bürgerservice\nRathausplatz 1")
        email.caFile = caFile
        return ServerConfiguration.DeliveryTarget(platform: .email(email), tries: tries, backoffSeconds: 0.01, timeoutSeconds: timeout)
    }

    static func approved(
        _ server: SMTPServer, caFile: String?, password: String = SMTPServer.password, replyTo: String = "erika@example.org", tries: Int = 3,
        // Generous: under a loaded test run the Python test server once took more than 10 s to answer the end of the
        // message, and the reply was (rightly) handed to staff as "Zustellung unklar". The timeout test sets its own.
        timeout: TimeInterval = 30
    ) throws -> (ServerFixture, Int64) {
        var secrets = PlatformDeliveryTests.secrets()
        secrets.smtpUser = SMTPServer.user
        secrets.smtpPassword = password
        let fixture = try ServerFixture(
            delivery: ["email": target(server, caFile: caFile, tries: tries, timeout: timeout)], secrets: secrets, clock: .system)
        return (fixture, try confirmedMail(in: fixture, replyTo: replyTo))
    }

    /// A citizen's mail about their ID card, taken in and answered by staff with the snippet: an approved e-mail reply.
    static func confirmedMail(
        in fixture: ServerFixture, replyTo: String = "erika@example.org", messageID: String = "<anfrage-17@example.org>",
        subject: String = "Frage zum Führerschein und Ausweis"
    ) throws -> Int64 {
        let message = IncomingMessage(
            externalID: messageID, channel: "email", author: "Erika Muster", text: "Mein Personalausweis ist abgelaufen",
            replyTo: replyTo, source: .cli, context: ["subject": subject, "message_id": messageID])
        let id = try fixture.workflow.intake.accept([message])[0].itemID
        try fixture.workflow.intake.matchPending()
        try fixture.workflow.review.confirm(id, snippetID: "personalausweis", by: try fixture.workflow.person(named: "anna"))
        return id
    }

    @Test("STARTTLS, login, threaded to the citizen's message, UTF-8 subject and body, the authority's signature")
    func sendsThreadedMail() async throws {
        let server = try SMTPServer()
        let (fixture, id) = try Self.approved(server, caFile: server.certificate)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        let detail = try fixture.workflow.queue.item(id)
        let failure = try fixture.workflow.outbox.entries(states: [.failed], for: nil).first?.lastError ?? ""
        #expect(detail.entry.state == .sent, "\(failure)")
        let mail = try #require(server.received.first)
        #expect(server.received.count == 1)
        #expect(mail.tls && mail.login == SMTPServer.user)
        #expect(mail.mailFrom == "service@musterstadt.example")
        #expect(mail.rcptTos == ["erika@example.org"])
        #expect(mail.data.contains("\r\nIn-Reply-To: <anfrage-17@example.org>\r\n"))
        #expect(mail.data.contains("\r\nReferences: <anfrage-17@example.org>\r\n"))
        #expect(mail.data.contains("\r\nSubject: =?UTF-8?"))
        #expect(mail.data.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(mail.data.contains("B=C3=BCrgerb=C3=BCro"))
        // The signature delimiter "-- " (its space encoded, as quoted-printable requires at a line end).
        #expect(mail.data.contains("\r\n--=20\r\n"))
        #expect(detail.postID?.contains("TEST1") == true)
    }

    @Test("a server that takes the message but answers its end too late: handed to staff as 'Zustellung unklar', never sent twice")
    func lateAnswerIsNotResent() async throws {
        let server = try SMTPServer(delay: 4)
        let (fixture, id) = try Self.approved(server, caFile: server.certificate, tries: 3, timeout: 1.5)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
        #expect(entry.itemID == id)
        #expect(entry.lastError?.hasPrefix("Zustellung unklar") == true, "\(entry.lastError ?? "")")
        // Long enough for a second attempt (backoff 10 ms) to have arrived, had there been one.
        try await Task.sleep(for: .seconds(5))
        #expect(server.received.count == 1)
    }

    @Test("a wrong password fails at once with the server's refusal; nothing is accepted")
    func wrongPassword() async throws {
        let server = try SMTPServer()
        let (fixture, id) = try Self.approved(server, caFile: server.certificate, password: "falsch")
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        let entry = try #require(try fixture.workflow.outbox.entries(states: [.failed], for: nil).first)
        #expect(entry.itemID == id && entry.attempts <= 1)
        #expect(entry.lastError?.contains("Anmeldung abgelehnt") == true)
        #expect(entry.lastError?.contains("falsch") == false)
        #expect(server.received.isEmpty)
    }

    @Test("a server whose certificate is not trusted gets nothing, not even the password")
    func untrustedCertificate() async throws {
        let server = try SMTPServer()
        let (fixture, id) = try Self.approved(server, caFile: nil, tries: 1)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        #expect(try fixture.workflow.queue.item(id).entry.state == .failed)
        #expect(server.received.isEmpty)
    }

    @Test("a reply address that would add a header or a recipient is never used")
    func headerInjection() async throws {
        let server = try SMTPServer()
        let (fixture, id) = try Self.approved(server, caFile: server.certificate, replyTo: "erika@example.org>, boss@example.org")
        let plan = try #require(try fixture.server.deliveryPlans().first)
        #expect(plan.problem != nil)
        try await DeliveryTests.deliver(fixture, id, until: [.sent, .failed])
        #expect(try fixture.workflow.queue.item(id).entry.state == .failed)
        #expect(server.received.isEmpty)
    }
}
