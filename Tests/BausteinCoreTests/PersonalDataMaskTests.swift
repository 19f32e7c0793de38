import BausteinCore
import Testing

/// What reports and list views show of citizen text: contact data and addresses never, everything else as written.
@Suite("Personal data mask")
struct PersonalDataMaskTests {
    @Test(
        "e-mail addresses are masked",
        arguments: [
            ("Schreiben Sie mir an jana.krueger@example.org bitte.", "Schreiben Sie mir an [E-Mail] bitte."),
            ("Kontakt: max_mustermann+amt@mail.musterstadt.de", "Kontakt: [E-Mail]"),
        ])
    func email(text: String, expected: String) {
        #expect(PersonalDataMask.mask(text) == expected)
    }

    @Test(
        "phone numbers are masked, international, with area code, slash or extension",
        arguments: [
            ("Rufen Sie mich an: +49 171 1234567", "Rufen Sie mich an: [Telefon]"),
            ("Tel. +491711234567, danke", "Tel. [Telefon], danke"),
            ("Durchwahl 0123 4567-100 im Büro", "Durchwahl [Telefon] im Büro"),
            ("Festnetz 030/1234567 ab 18 Uhr", "Festnetz [Telefon] ab 18 Uhr"),
            ("mobil 0171-2345678", "mobil [Telefon]"),
        ])
    func phone(text: String, expected: String) {
        #expect(PersonalDataMask.mask(text) == expected)
    }

    @Test(
        "IBANs are masked, spaced and unspaced",
        arguments: [
            ("Meine IBAN ist DE89 3704 0044 0532 0130 00, bitte erstatten.", "Meine IBAN ist [IBAN], bitte erstatten."),
            ("IBAN DE89370400440532013000 für die Erstattung", "IBAN [IBAN] für die Erstattung"),
        ])
    func iban(text: String, expected: String) {
        #expect(PersonalDataMask.mask(text) == expected)
    }

    @Test(
        "street addresses are masked, abbreviated, lowercase, with postcode and town",
        arguments: [
            ("Ich wohne in der Lindenstraße 4 seit Mai.", "Ich wohne in der [Adresse] seit Mai."),
            ("Vor dem Haus Am Waldweg 12a liegt Müll.", "Vor dem Haus [Adresse] liegt Müll."),
            ("Hauptstr. 3 ist gesperrt", "[Adresse] ist gesperrt"),
            ("wohne lindenstr. 4 im hinterhaus", "wohne [Adresse] im hinterhaus"),
            ("Anschrift: Lindenstraße 4, 12345 Musterstadt.", "Anschrift: [Adresse]."),
            ("Bahnhofstrasse 17 12345 Musterstadt", "[Adresse]"),
        ])
    func address(text: String, expected: String) {
        #expect(PersonalDataMask.mask(text) == expected)
    }

    @Test(
        "ordinary text with numbers stays as written",
        arguments: [
            "Ich habe 3 Kinder und ziehe 2026 um.",
            "Mein Termin ist am 12.03.2026 um 10:30 Uhr.",
            "Ab dem 01.01.2027 gilt die neue Gebühr von 120 Euro.",
            "Wie hoch ist die Hundesteuer für 2 Hunde im Jahr 2026?",
            "Die Straße vor unserem Haus hat seit Wochen Schlaglöcher.",
            "Wir sind 4 Personen, der Antrag vom 3. Mai ist noch offen.",
        ])
    func ordinaryText(text: String) {
        #expect(PersonalDataMask.mask(text) == text)
    }

    @Test("several kinds in one message are all masked, and the rest stays readable")
    func mixed() {
        let text =
            "Guten Tag, ich (Lindenstraße 4, 12345 Musterstadt) bin unter 0171 2345678 oder jana@example.org erreichbar. "
            + "Erstattung bitte auf DE89 3704 0044 0532 0130 00. Es geht um 3 Kinder."
        let masked = PersonalDataMask.mask(text)
        #expect(
            masked == "Guten Tag, ich ([Adresse]) bin unter [Telefon] oder [E-Mail] erreichbar. "
                + "Erstattung bitte auf [IBAN]. Es geht um 3 Kinder.")
        for secret in ["Lindenstraße", "12345", "0171", "2345678", "jana@", "DE89", "0532"] {
            #expect(!masked.contains(secret), "\(secret) leaked: \(masked)")
        }
    }

    @Test("remove leaves personal data out entirely, for what the matcher learns")
    func remove() {
        #expect(PersonalDataMask.remove("Sperrmüll in der Lindenstraße 4 abholen, Tel. 030/1234567") == "Sperrmüll in der abholen, Tel.")
    }
}
