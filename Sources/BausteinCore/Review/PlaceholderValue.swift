import Foundation

/// The rule for what may be put into a snippet's per-message placeholder (`{{name}}`, `{{frist}}`) without the press
/// office seeing it: a short, plain value.
///
/// A placeholder value is text the press office never approved. A name or a date is harmless; a link, an @-handle, a
/// second line or a paragraph smuggled into `{{name}}` is not. A value that breaks the rule is not refused, but the
/// reply then counts as edited, so the rules for edited replies (press approval) apply. A citizen's display name that
/// breaks the rule is never used as `{{name}}` at all.
public enum PlaceholderValue {
    /// Longest plain value, in characters.
    public static let maximumLength = 80

    /// Why a value is not plain.
    public enum Problem: String, Sendable, Hashable, Codable {
        case lineBreak = "Zeilenumbruch"
        case tooLong = "länger als 80 Zeichen"
        case link = "Link oder Adresse"
        case handle = "@-Name oder E-Mail-Adresse"
        case controlCharacter = "Steuerzeichen"
    }

    private static let link = try! NSRegularExpression(
        pattern: "(?i)(?:[a-z][a-z0-9+.-]*://|www\\.|\\b[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.[a-z]{2,24}(?:[/:?#]|\\b))")

    /// Nil for a plain value, else the first problem found.
    public static func problem(_ value: String) -> Problem? {
        if value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) {
            return .lineBreak
        }
        if value.unicodeScalars.contains(where: isControl) { return .controlCharacter }
        if value.count > maximumLength { return .tooLong }
        if value.contains("@") { return .handle }
        if link.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil { return .link }
        return nil
    }

    /// True when the value may go out unseen by the press office.
    public static func isPlain(_ value: String) -> Bool { problem(value) == nil }

    /// C0 and C1 controls (except tab), DEL, and the bidirectional overrides that can make text read differently from
    /// how it is stored.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
