import Foundation

/// Decides whether the author a platform reports can stand in a greeting ("Guten Tag Jana K.,"). Only what reads
/// like a person's name can: a handle (`@ben`, `lena.mstadt`, `fussballfan_87`), an e-mail address, a stand-in
/// ("Anonym", "anonymous", "Gast"), or an organisation ("Presse Nordkurier", "RA Dr. Albrecht", "ADAC") is never used,
/// and the reply greets neutrally instead; staff can still put a name in when they edit the reply.
public enum AuthorName {
    /// The name to greet with, or nil when the author is no person's name.
    public static func salutation(for author: String?) -> String? {
        guard let author else { return nil }
        // Emoji and other symbols decorate names on social media; they are not part of the name.
        let cleaned = String(author.unicodeScalars.filter { scalar in
            let category = scalar.properties.generalCategory
            return !(category == .otherSymbol || category == .modifierSymbol || scalar.properties.isEmojiPresentation
                || scalar.value == 0xFE0F || scalar.value == 0x200D)
        }).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !cleaned.isEmpty, cleaned.count <= 60 else { return nil }
        // Handles and addresses: '@', digits, or characters no name contains.
        guard cleaned.allSatisfy({ $0.isLetter || $0 == " " || $0 == "-" || $0 == "." || $0 == "'" || $0 == "’" }) else { return nil }
        let tokens = cleaned.split(separator: " ").map(String.init)
        guard (1...4).contains(tokens.count) else { return nil }
        for token in tokens {
            let folded = fold(token)
            if placeholders.contains(folded) || organisationWords.contains(folded) { return nil }
            if organisationStems.contains(where: { folded.contains($0) }) { return nil }
            // "lena.mstadt": a dot inside a word is a handle; "K." and "Dr." end with theirs.
            if token.dropLast().contains(".") { return nil }
            let letters = token.filter(\.isLetter)
            guard let first = letters.first else { return nil }
            // "ADAC", "NDR": an acronym names an organisation; an initial ("K.") is one capital.
            if letters.count >= 2, letters.allSatisfy(\.isUppercase) { return nil }
            if !first.isUppercase, !particles.contains(folded) { return nil }
        }
        return cleaned
    }

    private static func fold(_ token: String) -> String {
        token.lowercased().folding(options: [.diacriticInsensitive], locale: nil).trimmingCharacters(in: CharacterSet(charactersIn: ".-'’"))
    }

    /// Words that platforms or people put where no name was given.
    static let placeholders: Set<String> = [
        "anonym", "anonymous", "anon", "anonymus", "unbekannt", "unknown", "gast", "guest", "user", "nutzer", "nutzerin", "benutzer",
        "benutzerin", "niemand", "nobody", "kein", "keine", "angabe", "privat", "private", "test", "admin", "buerger", "burger",
        "buergerin", "burgerin", "einwohner", "einwohnerin", "kunde", "kundin", "deleted", "geloscht", "facebook", "instagram",
        "mastodon", "telegram", "whatsapp",
    ]

    /// Words that mark an organisation, a profession or a role rather than a person.
    static let organisationWords: Set<String> = [
        "gmbh", "ag", "kg", "ug", "ohg", "gbr", "ev", "e.v", "eg", "inc", "ltd", "llc", "co", "ra", "rain", "tv", "radio", "news", "media",
        "medien", "team", "amt", "stadt", "gemeinde", "kreis", "landkreis", "hotel", "shop", "store", "praxis", "buro", "buero", "club",
        "verein", "verband", "partei", "fraktion", "schule", "kita", "offiziell", "official", "support", "service", "info", "kontakt",
        "nachbarschaft", "initiative", "gruppe", "stiftung", "agentur", "firma",
    ]

    /// Parts of words that mark an organisation ("Redaktion", "Lokalzeitung", "Rechtsanwältin", "Pressestelle").
    static let organisationStems = [
        "presse", "redaktion", "zeitung", "verlag", "magazin", "rundfunk", "journal", "kanzlei", "rechtsanwalt", "anwalt", "notar",
        "burgerinitiative", "buergerinitiative", "verwaltung", "ministerium", "behorde", "behoerde", "fanclub", "fanpage",
    ]

    /// Lower-case parts of names ("Ursula von der Leyen").
    static let particles: Set<String> = ["von", "van", "de", "der", "den", "zu", "zur", "di", "da", "la", "le", "ten", "ter", "del", "dos", "y", "al", "el", "bin", "ibn"]
}
