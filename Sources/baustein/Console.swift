import Foundation

/// Every line this command line prints goes through here (this `print` shadows the standard library's in the
/// `baustein` module), so that no text from outside can steer the terminal, whichever command prints it.
///
/// Baustein's own colours are the only escape sequences that reach the terminal: ``Terminal/style(_:_:)`` marks
/// them with a token drawn at start-up, which text from outside cannot know; everything else is made visible by
/// ``SafeText/visible(_:keepingLineBreaks:)``.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    let text = items.map { "\($0)" }.joined(separator: separator)
    Swift.print(Console.render(text), terminator: Console.render(terminator))
}

/// Prints to standard error, made safe like ``print(_:separator:terminator:)``, and wrapped at words to the window when
/// standard error is a terminal (a narrow window must not cut a warning mid-word).
func printError(_ text: String) {
    var safe = Console.render(text, colors: false)
    if isatty(STDERR_FILENO) == 1 { safe = Terminal.wrap(safe, width: Terminal.currentWidth()) }
    FileHandle.standardError.write(Data((safe + "\n").utf8))
}

enum Console {
    /// Starts and ends Baustein's own style marks: private-use characters around the start-up token.
    static let markStart: Character = "\u{F8F0}"
    static let markEnd: Character = "\u{F8F1}"
    static let token: String = {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 36) + String(generator.next() as UInt64, radix: 36)
    }()

    /// A style mark for SGR parameters (`"1;31"`); ``render(_:colors:)`` turns it into the escape sequence.
    static func mark(_ parameters: String) -> String { "\(markStart)\(token):\(parameters)\(markEnd)" }

    /// The text made safe, with Baustein's own style marks turned into colours (or removed without colours).
    static func render(_ text: String, colors: Bool = Terminal.standard.colors) -> String {
        let safe = SafeText.visible(text)
        let prefix = "\(markStart)\(token):"
        guard safe.contains(prefix) else { return safe }
        var out = ""
        var rest = Substring(safe)
        while let start = rest.range(of: prefix) {
            out += rest[..<start.lowerBound]
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: markEnd) else { break }
            let parameters = rest[..<end]
            // Only digits and ';': a mark is always an SGR (colour) sequence, never anything else.
            if colors, parameters.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ";") }) { out += "\u{1B}[\(parameters)m" }
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }
}
