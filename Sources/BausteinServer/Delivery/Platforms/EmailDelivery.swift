import BausteinCore
import Foundation

/// Replies by e-mail: a UTF-8 message (RFC 5322, quoted-printable body, RFC 2047 headers) threaded to the citizen's
/// (`In-Reply-To`/`References` with their Message-ID), from the authority's address, with its signature; submitted over
/// SMTP (STARTTLS or TLS, with authentication) or handed to the system's sendmail. SMTP drops no repeats, so an attempt
/// whose outcome is unknown goes to staff.
struct EmailDelivery: ChannelDelivery {
    static let userVariable = "BAUSTEIN_SMTP_USER"
    static let passwordVariable = "BAUSTEIN_SMTP_PASSWORD"

    let settings: ServerConfiguration.DeliveryTarget.Email
    let credentials: (user: String, password: String)?
    let clock: WallClock

    var repeatable: Bool { false }

    /// The citizen's address, if `reply_to` is one plain address (nothing that could add a header or a recipient).
    static func recipient(_ reply: OutboxEntry) -> String? {
        guard let address = reply.replyTo?.trimmingCharacters(in: .whitespaces), address.count <= 254 else { return nil }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            address.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"<>(),;:\\\"[]".unicodeScalars.contains($0) })
        else { return nil }
        return address
    }

    /// The address part of `Name <address>`.
    static func address(of mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<"), let close = mailbox.lastIndex(of: ">"), open < close else {
            return mailbox.trimmingCharacters(in: .whitespaces)
        }
        return String(mailbox[mailbox.index(after: open)..<close])
    }

    func plan(_ reply: OutboxEntry) -> DeliveryPlan {
        let endpoint: String
        switch settings.transport {
        case .smtp(let host, let port, let security): endpoint = "SMTP \(host):\(port) (\(security.rawValue))"
        case .sendmail(let path): endpoint = path
        }
        let recipient = Self.recipient(reply)
        return DeliveryPlan(
            itemID: reply.itemID, channel: reply.channel, platform: "email", endpoint: endpoint,
            target: "\(recipient ?? "-"), Betreff: \(subject(for: reply))", text: body(for: reply),
            problem: recipient == nil ? "keine gültige E-Mail-Adresse in reply_to" : nil)
    }

    func subject(for reply: OutboxEntry) -> String {
        guard let original = reply.context["subject"]?.trimmingCharacters(in: .whitespaces), !original.isEmpty else { return settings.subject }
        let flat = original.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        return flat.lowercased().hasPrefix("re:") ? flat : "Re: " + flat
    }

    func body(for reply: OutboxEntry) -> String {
        settings.signature.map { reply.text + "\n\n-- \n" + $0 } ?? reply.text
    }

    /// The whole message, headers and body, with CRLF line ends.
    func message(for reply: OutboxEntry, to recipient: String) -> [UInt8] {
        let domain = Self.address(of: settings.from).split(separator: "@").last.map(String.init) ?? "baustein.invalid"
        let random = (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        var headers = [
            ("From", MailEncoding.mailbox(settings.from)), ("To", recipient), ("Subject", MailEncoding.header(subject(for: reply))),
            ("Date", MailEncoding.date(clock.now())), ("Message-ID", "<baustein-\(reply.itemID).\(random)@\(domain)>"),
        ]
        if let original = Self.messageID(reply) { headers += [("In-Reply-To", original), ("References", original)] }
        headers += [
            ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "quoted-printable"),
            ("Auto-Submitted", "auto-replied"),
        ]
        let head = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
        return Array((head + "\r\n\r\n" + MailEncoding.quotedPrintable(body(for: reply))).utf8)
    }

    /// The citizen's Message-ID (`<…@…>`), from the message's context or its platform id.
    static func messageID(_ reply: OutboxEntry) -> String? {
        for candidate in [reply.context["message_id"], reply.messageID].compactMap({ $0?.trimmingCharacters(in: .whitespaces) }) {
            let wrapped = candidate.hasPrefix("<") ? candidate : "<\(candidate)>"
            if wrapped.hasSuffix(">"), wrapped.contains("@"), !wrapped.contains(where: { $0 == "\r" || $0 == "\n" || $0 == " " }) { return wrapped }
        }
        return nil
    }

    func deliver(_ reply: OutboxEntry, attempt: Int, timeout: TimeInterval) async -> DeliveryOutcome {
        guard let recipient = Self.recipient(reply) else {
            return .failed(reason: "E-Mail: keine gültige Empfängeradresse (reply_to); bitte anders antworten.")
        }
        let message = message(for: reply, to: recipient)
        switch settings.transport {
        case .smtp(let host, let port, let security):
            let client = SMTPClient(
                host: host, port: port, security: security, credentials: credentials, caFile: settings.caFile,
                heloName: ProcessInfo.processInfo.hostName)
            do {
                let answer = try await client.send(message, from: Self.address(of: settings.from), to: [recipient], timeout: timeout)
                return .sent(postID: answer.isEmpty ? nil : String(answer.prefix(100)), url: nil)
            } catch let failure as SMTPClient.Failure where failure.outcomeUnknown {
                return .unknown(reason: failure.reason)
            } catch let failure as SMTPClient.Failure {
                return failure.permanent ? .failed(reason: failure.reason) : .retry(reason: failure.reason, after: nil)
            } catch {
                return .retry(reason: "SMTP: keine Verbindung zu \(host):\(port) (\(type(of: error)))", after: nil)
            }
        case .sendmail(let path):
            return await Sendmail.run(path: path, message: message, timeout: timeout)
        }
    }
}

/// The system's sendmail (`-t -oi`: recipients from the headers, a lone dot is no end).
enum Sendmail {
    static func run(path: String, message: [UInt8], timeout: TimeInterval) async -> DeliveryOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-t", "-oi"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failed(reason: "E-Mail: \(path) lässt sich nicht starten; Pfad unter delivery.…sendmail prüfen.")
        }
        // Written and waited for off the cooperative threads, with the channel's deadline: a sendmail that hangs
        // (a full disk, a stuck queue runner) must not hold delivery up for good.
        let finished = await withCheckedContinuation { continuation in
            // The message is written on a thread of its own: a sendmail that stops reading must not hold the deadline,
            // and one that exited must not end the server with SIGPIPE.
            DispatchQueue.global().async { BrokenPipe.write(Data(message), to: input.fileHandleForWriting) }
            DispatchQueue.global().async {
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning && Date() < deadline { usleep(20_000) }
                continuation.resume(returning: !process.isRunning)
            }
        }
        guard finished else {
            process.terminate()
            // It may have queued the message before it hung: sending again could deliver it twice.
            return .unknown(reason: "E-Mail: sendmail endete nicht innerhalb von \(Int(timeout)) s")
        }
        return process.terminationStatus == 0
            ? .sent(postID: nil, url: nil) : .retry(reason: "E-Mail: sendmail endete mit Code \(process.terminationStatus)", after: nil)
    }
}
