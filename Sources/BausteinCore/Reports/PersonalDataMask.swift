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

    /// What the matcher may keep of a citizen's question as a learned phrasing: ``remove(_:)``, and also names (the
    /// author's, a greeting's or sign-off's, "mein Name ist …"), dates, case and customer numbers and long digit runs.
    ///
    /// A learned phrasing is shown to staff as a reason and searched for months; the words that make it personal say
    /// nothing about what was asked.
    public static func removeForLearning(_ text: String, author: String?) -> String {
        var output = text
        for expression in learningPatterns {
            output = expression.stringByReplacingMatches(in: output, range: NSRange(output.startIndex..., in: output), withTemplate: " ")
        }
        for word in authorWords(author) {
            let pattern = "(?i)(?<![\\p{L}\\p{N}])" + NSRegularExpression.escapedPattern(for: word) + "(?![\\p{L}\\p{N}])"
            if let expression = try? NSRegularExpression(pattern: pattern) {
                output = expression.stringByReplacingMatches(in: output, range: NSRange(output.startIndex..., in: output), withTemplate: " ")
            }
        }
        return remove(output)
    }

    /// The words of a display name or handle worth removing (two letters or more).
    static func authorWords(_ author: String?) -> [String] {
        guard let author else { return [] }
        let local = author.split(separator: "@").first(where: { !$0.isEmpty }).map(String.init) ?? author
        return local.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count >= 2 }
    }

    private static let learningPatterns: [NSRegularExpression] = {
        let name = "\\p{Lu}[\\p{L}'’-]+(?:\\s+\\p{Lu}[\\p{L}'’-]+)?"
        let months = "Januar|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
        let sources = [
            // Dates: 12.03.1985, 12. 3. 85, 1985-03-12, 12. März 1985, 12.3.
            "\\b\\d{1,2}\\.\\s?\\d{1,2}\\.(?:\\s?\\d{2,4}\\b)?",
            "\\b\\d{4}-\\d{2}-\\d{2}\\b",
            "(?i)\\b\\d{1,2}\\.?\\s*(?:" + months + ")\\.?(?:\\s+\\d{4})?\\b",
            // Case, customer and file numbers with their label; then any long digit run.
            "(?i)\\b(?:Aktenzeichen|Az|Kundennummer|Kunden-Nr|Vorgangsnummer|Vorgangs-Nr|Antragsnummer|Steuernummer|Steuer-Nr|"
                + "Steuer-ID|Kassenzeichen|Fallnummer|Ausweisnummer|Versichertennummer|Mitgliedsnummer|Ticketnummer|Nr)\\.?\\s*[:#]?\\s*"
                + "[A-Z0-9][A-Z0-9/.\\-]{2,}",
            "\\b\\d{5,}\\b",
            // Names: "mein Name ist …", "ich heiße …", "Frau/Herr …", and after a sign-off.
            "(?i:mein\\s+name\\s+ist|ich\\s+hei(?:ß|ss)e|hier\\s+schreibt)\\s+(?:(?i:Frau|Herr|Dr\\.)\\s+)*" + name,
            "\\b(?:Frau|Herr|Fr\\.|Hr\\.)\\s+(?:Dr\\.\\s+|Prof\\.\\s+)*" + name,
            "(?i:viele|liebe|beste|herzliche|freundliche|sonnige)\\s+(?i:grüße|grüsse|gruesse)[,!.]?\\s*(?:(?i:von|aus)\\s+)?" + name,
            "(?i:mit\\s+freundlichen\\s+(?:grüßen|grüssen|gruessen))[,!.]?\\s*" + name,
            "\\b(?:LG|VG|MfG|Gruß|Grüße|Gruss|Grüsse|Danke|Dankeschön)[,!.]?\\s+" + name + "\\s*[.!]?\\s*$",
        ]
        // The patterns are constants; a typo in one is a programming error caught by the tests.
        return sources.map { try! NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
    }()

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
