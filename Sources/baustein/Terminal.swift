import BausteinCore
import Foundation

/// Output styling for people at a terminal; plain text when stdout is not a terminal or NO_COLOR is set.
struct Terminal {
    var colors: Bool
    /// Columns to lay out for; see ``currentWidth()``.
    var width: Int

    init(colors: Bool, width: Int = Terminal.currentWidth()) {
        self.colors = colors
        self.width = width
    }

    static var standard: Terminal {
        let environment = ProcessInfo.processInfo.environment
        return Terminal(colors: isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }

    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// The terminal's width (asked anew each time, so that a resized window is followed), else `COLUMNS`, else 80;
    /// never below 40.
    static func currentWidth() -> Int {
        var size = winsize()
        for descriptor in [STDOUT_FILENO, STDIN_FILENO, STDERR_FILENO] where ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 {
            return max(40, Int(size.ws_col))
        }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return max(40, columns) }
        return 80
    }

    enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", inverseRed = "41;97;1"
    }

    /// The text in Baustein's own colours; the text itself is made safe when it is printed.
    func style(_ text: String, _ styles: Style...) -> String {
        guard colors, !styles.isEmpty else { return text }
        return Console.mark(styles.map(\.rawValue).joined(separator: ";")) + text + Console.mark("0")
    }

    /// A message line of Baustein's: wrapped to the width (at words), then in its colours.
    func line(_ text: String, _ styles: Style...) -> String {
        let wrapped = wrap(text)
        guard colors, !styles.isEmpty else { return wrapped }
        return Console.mark(styles.map(\.rawValue).joined(separator: ";")) + wrapped + Console.mark("0")
    }

    /// Word-wraps text to the terminal width with an indent; keeps the text's own line breaks. Widths are counted
    /// as the terminal shows them (an emoji takes two columns, a combining accent none); a word longer than a line
    /// is split.
    func wrap(_ text: String, indent: Int = 0) -> String {
        Self.wrap(SafeText.visible(text), width: width, indent: indent)
    }

    static func wrap(_ text: String, width: Int, indent: Int = 0) -> String {
        let prefix = String(repeating: " ", count: indent)
        let limit = max(20, width - indent)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph -> String in
            var lines: [String] = []
            var line = ""
            var lineWidth = 0
            // A percent sign stays with its number ("87 %" is never split over two lines).
            var units: [String] = []
            for word in paragraph.split(separator: " ") {
                if word.hasPrefix("%"), let number = units.last, number.last?.isNumber == true {
                    units[units.count - 1] = number + " " + word
                } else {
                    units.append(String(word))
                }
            }
            for unit in units {
                var word = Substring(unit)
                var wordWidth = displayWidth(word)
                if lineWidth > 0, lineWidth + 1 + wordWidth > limit {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while wordWidth > limit {
                    // Only a word wider than a whole line is split (a long link).
                    var head = ""
                    var headWidth = 0
                    for character in word {
                        let characterWidth = displayWidth(character)
                        if headWidth + characterWidth > limit { break }
                        head.append(character)
                        headWidth += characterWidth
                    }
                    if lineWidth > 0 { lines.append(line) }
                    lines.append(head)
                    line = ""
                    lineWidth = 0
                    word = word.dropFirst(head.count)
                    wordWidth = displayWidth(word)
                }
                if lineWidth > 0 {
                    line += " "
                    lineWidth += 1
                }
                line += word
                lineWidth += wordWidth
            }
            lines.append(line)
            return lines.map { $0.isEmpty ? $0 : prefix + $0 }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Columns a text takes on a terminal.
    static func displayWidth(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + displayWidth($1) }
    }

    /// Columns one character takes: 2 for emoji and East Asian wide characters, 0 for combining marks.
    static func displayWidth(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let properties = first.properties
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark || first.value == 0x200B {
            return 0
        }
        if properties.isEmojiPresentation { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Shortens to one line of at most `length` columns (made safe first).
    static func excerpt(_ text: String, length: Int) -> String {
        let flat = SafeText.visible(text).split(whereSeparator: \.isNewline).joined(separator: " ")
        guard displayWidth(flat) > length else { return flat }
        var out = ""
        var width = 0
        for character in flat {
            let characterWidth = displayWidth(character)
            if width + characterWidth > length - 1 { break }
            out.append(character)
            width += characterWidth
        }
        return out + "…"
    }

    /// Pads with spaces to `width` columns (display width, so that umlauts and emoji line up).
    static func pad(_ text: String, to width: Int) -> String {
        let safe = SafeText.visible(text, keepingLineBreaks: false)
        return safe + String(repeating: " ", count: max(0, width - displayWidth(safe)))
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
