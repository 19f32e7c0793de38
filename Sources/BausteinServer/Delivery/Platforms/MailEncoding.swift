import Foundation

/// Encodings an e-mail needs for German text: RFC 2047 headers, quoted-printable bodies (7-bit safe for every relay),
/// RFC 5322 dates.
enum MailEncoding {
    /// A header value, as an encoded word when it is not plain ASCII.
    static func header(_ value: String) -> String {
        let flat = value.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.unicodeScalars.contains(where: { $0.value > 0x7E }) else { return flat }
        return "=?UTF-8?B?\(Data(flat.utf8).base64EncodedString())?="
    }

    /// `Name <address>` with the name encoded when needed.
    static func mailbox(_ mailbox: String) -> String {
        guard let open = mailbox.lastIndex(of: "<") else { return mailbox }
        let name = mailbox[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        let address = mailbox[open...]
        guard !name.isEmpty else { return String(address) }
        let plain = name.unicodeScalars.allSatisfy { $0.value < 0x7F }
        return (plain ? "\"\(name)\"" : header(name)) + " " + address
    }

    /// RFC 5322 date in UTC.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// Quoted-printable (RFC 2045): lines of at most 76 characters, soft breaks, CRLF line ends.
    static func quotedPrintable(_ text: String) -> String {
        var lines: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var encoded = ""
            var current = ""
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let piece: String
                switch byte {
                case 0x21...0x3C, 0x3E...0x7E: piece = String(UnicodeScalar(byte))
                case 0x20, 0x09: piece = isLast ? String(format: "=%02X", byte) : String(UnicodeScalar(byte))
                default: piece = String(format: "=%02X", byte)
                }
                if current.count + piece.count > 75 {
                    encoded += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            lines.append(encoded + current)
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
