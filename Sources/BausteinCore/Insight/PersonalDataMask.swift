import Foundation

/// Masks personal data in citizen text for reports, list views and anything that leaves the review screen:
/// e-mail addresses, phone numbers, IBANs and street addresses.
///
/// Masking is deliberately eager: a masked house number in a report costs nothing, a leaked phone number does.
public enum PersonalDataMask {
    /// What a masked span stood for.
    public enum Kind: String, CaseIterable, Sendable {
        case email = "E-Mail"
        case iban = "IBAN"
        case address = "Adresse"
        case phone = "Telefon"
    }

    /// Patterns in the order they are applied: IBANs before phone numbers (both are long digit runs),
    /// addresses before phone numbers (a postcode is not a phone number).
    private static let patterns: [(Kind, NSRegularExpression)] = {
        let streetSuffixes =
            "stra(?:ß|ss)e|str\\.|weg|gasse|allee|platz|ring|damm|ufer|chaussee|steig|pfad|markt|hof|berg|graben|wall|zeile|promenade|anger"
        let sources: [(Kind, String)] = [
            (.email, "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"),
            (.iban, "\\b[A-Z]{2}\\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\\b"),
            // "Lindenstraße 4", "Am Waldweg 12a", "Hauptstr. 3", "Marktplatz 1, 12345 Musterstadt"
            (
                .address,
                "\\b(?:(?:Am|An der|Auf dem|Im|In der|Zum|Zur|Alte|Alter|Neue|Neuer|Obere|Untere|Große|Kleine)\\s+)?"
                    + "\\p{L}[\\p{L}-]*(?i:" + streetSuffixes + ")\\s*\\d{1,4}[a-zA-Z]?\\b(?:,?\\s*\\d{5}\\s+\\p{Lu}[\\p{L}-]+)?"
            ),
            (.address, "\\b(?:\\p{Lu}\\p{L}+\\s+)?(?:Straße|Strasse|Str\\.|Weg|Gasse|Allee|Platz|Ring|Damm)\\s+\\d{1,4}[a-zA-Z]?\\b"),
            (.phone, "(?:\\+\\d{1,3}[\\s/-]?|\\b0)\\d{2,5}[\\s/-]?\\d{2,}(?:[\\s-]?\\d{2,}){0,3}\\b"),
        ]
        return sources.map { kind, pattern in
            // The patterns are constants; a typo in one is a programming error caught by the tests.
            (kind, try! NSRegularExpression(pattern: pattern))
        }
    }()

    /// The text with every e-mail address, IBAN, street address and phone number replaced by `[Kind]`.
    public static func mask(_ text: String) -> String {
        replace(text) { "[\($0.rawValue)]" }
    }

    /// The text with personal data left out entirely: what the matcher may learn from a citizen's question.
    public static func remove(_ text: String) -> String {
        replace(text) { _ in "" }.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    private static func replace(_ text: String, with replacement: (Kind) -> String) -> String {
        var output = text
        for (kind, expression) in patterns {
            let range = NSRange(output.startIndex..., in: output)
            output = expression.stringByReplacingMatches(
                in: output, range: range, withTemplate: NSRegularExpression.escapedTemplate(for: replacement(kind)))
        }
        return output
    }
}
