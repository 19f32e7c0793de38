import Foundation

/// Makes text from outside harmless for a terminal: control characters that could move the cursor, erase lines,
/// set the window title, ask the terminal to type a reply, or reorder text (bidi overrides) become visible
/// placeholders. The stored text is never changed: this runs only where the command line prints.
enum SafeText {
    /// The text with every C0 and C1 control character, DEL and bidi control shown as a visible placeholder:
    /// C0 and DEL as their Unicode control pictures (`␛` for ESC, `␍` for a carriage return), C1 and bidi controls
    /// as `⟪U+202E⟫`. Line breaks stay when `keepingLineBreaks` (a tab becomes a space); idempotent.
    static func visible(_ text: String, keepingLineBreaks: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepingLineBreaks:
                out.append(scalar)
            case 0x09:
                out.append(" ")
            case 0x00...0x1F:
                out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F:
                out.append("\u{2421}")
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: "⟪U+\(hex(scalar.value))⟫".unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// True for the scalars ``visible(_:keepingLineBreaks:)`` replaces (a line break only when it is not kept).
    static func needsReplacing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// JSON text with the characters a terminal would obey but JSON leaves raw (C1, DEL, bidi controls, line and
    /// paragraph separators) written as `\uXXXX` escapes: the same data for a JSON reader, harmless on a screen.
    static func jsonEscaped(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: isRawInJSON) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if isRawInJSON(scalar) {
                out.append(contentsOf: "\\u\(hex(scalar.value).lowercased())".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func isRawInJSON(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
