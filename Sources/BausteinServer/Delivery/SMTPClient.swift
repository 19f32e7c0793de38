import BausteinCore
import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import Synchronization

/// Submits one message over SMTP (RFC 5321): `STARTTLS` (RFC 3207) or implicit TLS, `AUTH PLAIN`/`LOGIN` (RFC 4954), one
/// envelope, dot-stuffed data. No SMTP package is in reach, so this is the smallest client that submission needs, on
/// SwiftNIO and NIOSSL (certificates checked against the system's roots or a given CA file).
struct SMTPClient: Sendable {
    var host: String
    var port: Int
    var security: ServerConfiguration.DeliveryTarget.Email.Security
    var credentials: (user: String, password: String)?
    var caFile: String?
    /// The name we greet with (`EHLO`).
    var heloName: String

    /// A refusal or failure; `permanent` for 5xx answers (retrying will not help); `outcomeUnknown` when the message's
    /// end was sent but no answer to it came (the server may have accepted it: sending again could deliver it twice).
    struct Failure: Error, Sendable {
        var reason: String
        var permanent: Bool
        var outcomeUnknown = false
        /// The server answered with a code (a definite refusal), as opposed to a broken connection.
        var answered = false
    }

    /// Whether the end of the message (the lone dot) may go out or has gone out, decided once between the conversation
    /// and the deadline: a deadline that passes first forbids the dot (the conversation task is only cancelled, and a
    /// cancelled task may still write), so that a reply reported as not sent can never arrive after all.
    final class Progress: Sendable {
        private enum State { case sending, ended, expired }
        private let state = Mutex(State.sending)

        /// Before the dot: true if it may be sent (and from now on the outcome of a deadline is unknown).
        func endMessage() -> Bool {
            state.withLock { state in
                guard state == .sending else { return false }
                state = .ended
                return true
            }
        }

        /// At the deadline: whether the dot had already been allowed out (outcome unknown); if not, it never will be.
        func expire() -> Bool {
            state.withLock { state in
                if state == .ended { return true }
                state = .expired
                return false
            }
        }
    }

    /// Sends `message` (CRLF lines) from `sender` to `recipients`; returns the server's final answer to the data.
    func send(_ message: [UInt8], from sender: String, to recipients: [String], timeout: TimeInterval) async throws -> String {
        let progress = Progress()
        return try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask { try await self.conversation(message, from: sender, to: recipients, progress: progress) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                throw Failure(
                    reason: "SMTP: keine Antwort innerhalb von \(Int(timeout)) s", permanent: false, outcomeUnknown: progress.expire())
            }
            let result = try await group.next()!
            group.cancelAll()
            return result
        }
    }

    private func tlsHandler() throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile { configuration.trustRoots = .file(caFile) }
        // An address is not a name to announce (SNI refuses it); the certificate is then checked against the address.
        let isAddress = (try? SocketAddress(ipAddress: host, port: port)) != nil
        return try NIOSSLClientHandler(context: try NIOSSLContext(configuration: configuration), serverHostname: isAddress ? nil : host)
    }

    private func conversation(_ message: [UInt8], from sender: String, to recipients: [String], progress: Progress) async throws -> String {
        let implicitTLS = security == .tls
        let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if implicitTLS { try channel.pipeline.syncOperations.addHandler(try self.tlsHandler()) }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await client.executeThenClose { inbound, outbound in
            var lines = inbound.makeAsyncIterator()
            func answer() async throws -> (code: Int, text: [String]) {
                var text: [String] = []
                while true {
                    guard let buffer = try await lines.next() else { throw Failure(reason: "SMTP: Verbindung unterbrochen", permanent: false) }
                    let line = String(buffer: buffer)
                    text.append(String(line.dropFirst(4)))
                    let bytes = Array(line.utf8)
                    if bytes.count < 4 || bytes[3] != UInt8(ascii: "-") {
                        return (Int(line.prefix(3)) ?? 0, text)
                    }
                }
            }
            func expect(_ command: String?, _ codes: Set<Int>, shown: String? = nil) async throws -> [String] {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (code, text) = try await answer()
                guard codes.contains(code) else {
                    let what = shown ?? command.map { String($0.prefix(4)) } ?? "Begrüßung"
                    throw Failure(
                        reason: "SMTP: \(what) abgelehnt (\(code) \(text.last?.prefix(100) ?? ""))", permanent: (500..<600).contains(code),
                        answered: true)
                }
                return text
            }
            _ = try await expect(nil, [220])
            var capabilities = try await expect("EHLO \(heloName)", [250])
            if security == .starttls {
                guard capabilities.contains(where: { $0.uppercased().hasPrefix("STARTTLS") }) else {
                    throw Failure(reason: "SMTP: der Server bietet kein STARTTLS an; security: tls oder einen anderen Server wählen", permanent: true)
                }
                _ = try await expect("STARTTLS", [220])
                try await client.channel.pipeline.addHandler(try tlsHandler(), position: .first).get()
                capabilities = try await expect("EHLO \(heloName)", [250])
            }
            if let credentials {
                let methods = capabilities.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
                if methods.contains("PLAIN") {
                    let token = Data("\u{0}\(credentials.user)\u{0}\(credentials.password)".utf8).base64EncodedString()
                    _ = try await expect("AUTH PLAIN \(token)", [235], shown: "Anmeldung")
                } else {
                    _ = try await expect("AUTH LOGIN", [334], shown: "Anmeldung")
                    _ = try await expect(Data(credentials.user.utf8).base64EncodedString(), [334], shown: "Anmeldung")
                    _ = try await expect(Data(credentials.password.utf8).base64EncodedString(), [235], shown: "Anmeldung")
                }
            }
            _ = try await expect("MAIL FROM:<\(sender)>", [250])
            for recipient in recipients { _ = try await expect("RCPT TO:<\(recipient)>", [250, 251], shown: "Empfänger") }
            _ = try await expect("DATA", [354])
            try await outbound.write(ByteBuffer(bytes: Self.dotStuffed(message)))
            // Without the lone dot the server discards the message when the connection closes.
            guard progress.endMessage() else { throw Failure(reason: "SMTP: Frist vor dem Ende der Nachricht abgelaufen", permanent: false) }
            let accepted: [String]
            do {
                accepted = try await expect(".", [250], shown: "Nachricht")
            } catch let failure as Failure where failure.answered {
                throw failure
            } catch {
                throw Failure(reason: "SMTP: Verbindung nach dem Ende der Nachricht abgebrochen", permanent: false, outcomeUnknown: true)
            }
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            return accepted.last ?? ""
        }
    }

    /// The message with every line that starts with a dot doubled (RFC 5321 4.5.2) and CRLF line ends.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(message.count + 64)
        var lineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if byte == UInt8(ascii: "\n"), previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            if lineStart, byte == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
            output.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !lineStart { output += Array("\r\n".utf8) }
        return output
    }
}
