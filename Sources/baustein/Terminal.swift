import Foundation
import BausteinCore

/// Output styling for people at a terminal; plain text when stdout is not a terminal or NO_COLOR is set.
struct Terminal {
    var colors: Bool
    var width = 80

    static let standard = Terminal(
        colors: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb")

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", inverseRed = "41;97;1"
    }

    func style(_ text: String, _ styles: Style...) -> String {
        guard colors, !styles.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }

    /// Word-wraps text to the terminal width with an indent; keeps the text's own line breaks.
    func wrap(_ text: String, indent: Int = 0) -> String {
        let prefix = String(repeating: " ", count: indent)
        let limit = max(20, width - indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph -> String in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + 1 + word.count > limit {
                    lines.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(line)
            return lines.map { prefix + $0 }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Shortens to one line of at most `length` characters.
    static func excerpt(_ text: String, length: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= length ? flat : String(flat.prefix(length - 1)) + "…"
    }

    /// "vor 5 Min." for a stored timestamp.
    static func age(of timestamp: String, now: Date) -> String {
        guard let date = Timestamp.parse(timestamp) else { return timestamp }
        let seconds = Int(now.timeIntervalSince(date))
        switch seconds {
        case ..<60: return "gerade eben"
        case ..<3600: return "vor \(seconds / 60) Min."
        case ..<86_400: return "vor \(seconds / 3600) Std."
        default: return seconds / 86_400 == 1 ? "vor 1 Tag" : "vor \(seconds / 86_400) Tagen"
        }
    }
}
