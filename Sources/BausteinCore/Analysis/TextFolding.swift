import Foundation

/// The character-level steps of the analysis chain: normalisation, case folding, splitting into words, and
/// folding of the "ae/oe/ue" spellings that citizens type when their keyboard lacks umlauts.
public enum TextFolding {
    /// Unicode NFKC plus lowercase: full-width letters, ligatures and decomposed umlauts all become one form.
    public static func normalize(_ text: String) -> String {
        // Text made only of ASCII and the Latin-1 letters (umlauts, ß, accents) is already in NFKC; the
        // full normalisation is by far the most expensive step of analysing a snippet.
        let alreadyNormal = text.unicodeScalars.allSatisfy { $0.value < 0xA0 || (0xC0...0xFF).contains($0.value) }
        return (alreadyNormal ? text : text.precomposedStringWithCompatibilityMapping).lowercased()
    }

    /// Splits text into words the way SQLite's unicode61 tokenizer does: letters, numbers and private-use
    /// characters form words, everything else separates them. Input should be normalised first.
    public static func words(in text: String) -> [Substring] {
        var result: [Substring] = []
        var start: String.Index?
        var index = text.startIndex
        for scalar in text.unicodeScalars {
            let next = text.unicodeScalars.index(after: index)
            if isWordScalar(scalar) {
                if start == nil { start = index }
            } else if let wordStart = start {
                result.append(text[wordStart..<index])
                start = nil
            }
            index = next
        }
        if let wordStart = start { result.append(text[wordStart..<text.endIndex]) }
        return result
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (value >= 0x30 && value <= 0x39) || (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            return true
        default:
            return false
        }
    }

    /// Turns "ae", "oe", "ue" into "ä", "ö", "ü", so that "Fuehrerschein" meets "Führerschein".
    ///
    /// The pair is left alone after a vowel ("Steuer", "Frauen", "neue") and "ue" after "q" ("Quelle"),
    /// because there it is not a spelled-out umlaut and folding it would change how the word stems.
    public static func foldDigraphs(_ word: String) -> String {
        // Most words have no "ae", "oe" or "ue" at all: a byte scan spares them the scalar-by-scalar rebuild.
        var previousByte: UInt8 = 0
        var hasPair = false
        for byte in word.utf8 {
            if byte == UInt8(ascii: "e"), previousByte == UInt8(ascii: "a") || previousByte == UInt8(ascii: "o") || previousByte == UInt8(ascii: "u") {
                hasPair = true
                break
            }
            previousByte = byte
        }
        guard word.utf8.count >= 3, hasPair else { return word }
        let scalars = Array(word.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let current = scalars[index]
            if index + 1 < scalars.count, scalars[index + 1] == "e", let umlaut = umlaut(for: current) {
                let previous = index > 0 ? scalars[index - 1] : nil
                let afterVowel = previous.map(isVowel) ?? false
                let afterQ = previous == "q" && current == "u"
                if !afterVowel && !afterQ {
                    output.append(umlaut)
                    index += 2
                    continue
                }
            }
            output.append(current)
            index += 1
        }
        return String(output)
    }

    private static func umlaut(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar {
        case "a": return "ä"
        case "o": return "ö"
        case "u": return "ü"
        default: return nil
        }
    }

    private static func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        "aeiouyäöü".unicodeScalars.contains(scalar)
    }

    /// Writes umlauts and ß out ("führerschein" → "fuehrerschein"), the way ids and file names spell them.
    public static func spellOutUmlauts(_ word: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar {
            case "ä": output.append(contentsOf: "ae".unicodeScalars)
            case "ö": output.append(contentsOf: "oe".unicodeScalars)
            case "ü": output.append(contentsOf: "ue".unicodeScalars)
            case "ß": output.append(contentsOf: "ss".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }

    /// Removes umlauts and ß for comparisons that must ignore them ("fuhrerschein" = "führerschein").
    public static func stripUmlauts(_ word: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar {
            case "ä": output.append("a")
            case "ö": output.append("o")
            case "ü": output.append("u")
            case "ß": output.append(contentsOf: "ss".unicodeScalars)
            default: output.append(scalar)
            }
        }
        return String(output)
    }
}
