import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Client mode end to end: the real `baustein serve` on 127.0.0.1 in one folder (the server), and the real `baustein`
/// in another folder without any database (a staff member's PC), logged in with personal tokens.
@Suite("client mode: login, queue, show, review and approvals against a live server")
struct ClientModeCLITests {
    static let tokens = ["anna": "bst_" + String(repeating: "a1", count: 32), "petra": "bst_" + String(repeating: "b2", count: 32)]

    /// The server's workspace with tokens for anna and petra and a free port, running `baustein serve`.
    final class Server {
        let workspace: WorkflowWorkspace
        let port: Int
        let process: CLIHarness.Launched
        var address: String { "http://127.0.0.1:\(port)" }

        init() throws {
            workspace = try WorkflowWorkspace()
            port = try Self.freePort()
            let hashes = ClientModeCLITests.tokens.map { "  \($0.key): sha256:\(Hashing.sha256Hex(of: $0.value))" }.sorted()
            _ = try workspace.file(
                "baustein.yaml", WorkflowWorkspace.configuration + "\nserver:\n  port: \(port)\ntokens:\n" + hashes.joined(separator: "\n") + "\n")
            process = try CLIHarness.start(["serve"], in: workspace.directory)
        }

        deinit {
            if process.process.isRunning { process.process.terminate() }
            _ = try? process.wait()
        }

        /// A port on 127.0.0.1 that is free right now.
        static func freePort() throws -> Int {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
                }
            }
            try #require(bound, "no free port")
            return Int(UInt16(bigEndian: address.sin_port))
        }
    }

    /// A staff member's PC: an empty folder, no database, its own config home.
    final class Desk {
        let directory: URL

        init() throws { directory = try TestEnvironment.temporaryDirectory() }

        deinit { try? FileManager.default.removeItem(at: directory) }

        var loginFile: URL { directory.appendingPathComponent(".config/baustein/login.json") }

        func run(_ arguments: [String], input: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIHarness.Run {
            try CLIHarness.run(arguments, in: directory, database: nil, input: input.map { Data($0.utf8) }, sourceLocation: sourceLocation)
        }

        /// Logs in as `name`, waiting (at most 30 s) for the server to listen.
        func login(_ name: String, at server: Server, sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIHarness.Run {
            let tokenFile = directory.appendingPathComponent("\(name).token")
            try Data((ClientModeCLITests.tokens[name]! + "\n").utf8).write(to: tokenFile)
            let deadline = Date().addingTimeInterval(30)
            while true {
                let run = try self.run(["login", server.address, "--token-file", tokenFile.path], sourceLocation: sourceLocation)
                if run.status == 0 || !run.stderr.contains("nicht erreichbar") || Date() > deadline { return run }
                usleep(200_000)
            }
        }
    }

    @Test("staff log in, list, show and send from their own PC; the press office approves there; the server records who")
    func staffAndPress() throws {
        let server = try Server()
        let ids = try server.workspace.intake([
            WorkflowWorkspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?", replyTo: "fb-comment-1"),
            WorkflowWorkspace.message(id: "fb-2", text: "Mein Personalausweis ist abgelaufen", replyTo: "fb-comment-2"),
        ])
        let desk = try Desk()
        let login = try desk.login("anna", at: server)
        #expect(login.status == 0, "\(login)")
        #expect(login.stdout.contains("Angemeldet bei \(server.address) als anna (Sachbearbeitung)."), "\(login)")
        let attributes = try FileManager.default.attributesOfItem(atPath: desk.loginFile.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(!login.stdout.contains(Self.tokens["anna"]!), "the token is never printed")

        let queue = try desk.run(["queue", "--json"])
        #expect(queue.status == 0, "\(queue)")
        #expect(try WorkflowWorkspace.ids(queue) == ids)
        let show = try desk.run(["show", String(ids[0])])
        #expect(show.stdout.contains("Wann wird der Sperrmüll abgeholt?"), "\(show)")
        #expect(show.stdout.contains("Verlauf:"), "\(show)")

        // The review screen on the PC: the same preview, the send after j, the outcome.
        let review = try desk.run(["review"], input: "1\nj\nq\n")
        #expect(review.status == 0, "\(review)")
        #expect(review.stdout.contains("An: fb-comment-1 über facebook (öffentlich sichtbar)"), "\(review)")
        #expect(review.stdout.contains("#\(ids[0]): offen → freigegeben"), "\(review)")
        #expect(try server.workspace.state(of: ids[0]) == "approved")
        #expect(try server.workspace.audit(ids[0]).last?["actor"] as? String == "anna")

        // Another name is the token's business, not --as.
        let impersonate = try desk.run(["dismiss", String(ids[1]), "--reason", "Spam", "--as", "petra"])
        #expect(impersonate.status != 0)
        #expect(impersonate.errors.contains("--as petra gilt dort nicht"), "\(impersonate)")

        // Staff's own text needs the press office; petra approves it from the same PC after logging in as herself.
        let edit = try desk.run(["edit", String(ids[1]), "--text-file", "-"], input: "Den Ausweis beantragen Sie im Bürgeramt.\n")
        #expect(edit.stdout.contains("Die Pressestelle muss freigeben"), "\(edit)")
        #expect(try desk.login("petra", at: server).status == 0)
        let approvals = try desk.run(["approvals"], input: "f\nq\n")
        #expect(approvals.stdout.contains("#\(ids[1]):"), "\(approvals)")
        #expect(try server.workspace.state(of: ids[1]) == "approved")
        let audit = try server.workspace.audit(ids[1])
        #expect(audit.suffix(2).map { $0["actor"] as? String } == ["anna", "petra"])

        // A stored token others can read is refused, like an SSH key; logout goes back to this PC's own database.
        chmod(desk.loginFile.path, 0o644)
        let exposed = try desk.run(["queue"])
        #expect(exposed.status != 0)
        #expect(exposed.errors.contains("chmod 600 \(desk.loginFile.path)"), "\(exposed)")
        let logout = try desk.run(["logout"])
        #expect(logout.status == 0, "\(logout)")
        #expect(!FileManager.default.fileExists(atPath: desk.loginFile.path))
    }

    @Test("a token the server does not know and plain http to another machine are refused at login, nothing stored")
    func refusedLogins() throws {
        let server = try Server()
        let desk = try Desk()
        let tokenFile = try TestEnvironment.temporaryDirectory().appendingPathComponent("wrong.token")
        try Data("bst_unbekannt\n".utf8).write(to: tokenFile)
        var wrong = try desk.run(["login", server.address, "--token-file", tokenFile.path])
        let deadline = Date().addingTimeInterval(30)
        while wrong.stderr.contains("nicht erreichbar") && Date() < deadline {
            usleep(200_000)
            wrong = try desk.run(["login", server.address, "--token-file", tokenFile.path])
        }
        #expect(wrong.status != 0)
        #expect(wrong.errors.contains("nimmt das Token nicht (mehr) an"), "\(wrong)")
        let plain = try desk.run(["login", "http://baustein.musterstadt.example", "--token-file", tokenFile.path])
        #expect(plain.status != 0)
        #expect(plain.errors.contains("https://"), "\(plain)")
        #expect(!FileManager.default.fileExists(atPath: desk.loginFile.path))
    }
}
