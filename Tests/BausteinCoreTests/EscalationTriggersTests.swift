import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Escalation triggers: the words and phrases that flag a message for the press office, however citizens spell
/// them, and the notices staff see first; the shipped list catches the obvious cases and leaves ordinary
/// questions alone.
@Suite("Escalation triggers")
struct EscalationTriggersTests {
    static func triggers(_ text: String) throws -> EscalationTriggers {
        try EscalationTriggers(text: text, file: "escalation.txt")
    }

    static func hits(_ triggers: EscalationTriggers, _ text: String) -> [String] {
        triggers.categories(hitBy: text).map(\.id)
    }

    /// The list the product ships in `knowledge/escalation.txt`.
    static func shipped() throws -> EscalationTriggers {
        try EscalationTriggers.load(from: WorkflowFixture.shippedTriggers)
    }

    // MARK: file format

    @Test("a word before the first category is an error on its line")
    func wordBeforeHeader() {
        let error = caught { try Self.triggers("# Kommentar\n\nanwalt\n[recht] Recht\n") } as? EscalationTriggerError
        #expect(error?.line == 3)
        #expect(error?.description.hasPrefix("escalation.txt:3: ") == true)
    }

    @Test("a header without ']' or with a bad id is an error on its line")
    func badHeaders() {
        #expect((caught { try Self.triggers("[recht] Recht\nanwalt\n[presse Presse\n") } as? EscalationTriggerError)?.line == 3)
        #expect((caught { try Self.triggers("[Not Fall] Notfall\nfeuer\n") } as? EscalationTriggerError)?.line == 1)
    }

    @Test("a lone '*' or a '*' inside a phrase without letters is an error")
    func emptyWord() {
        #expect((caught { try Self.triggers("[recht] Recht\nanwalt\n*\n") } as? EscalationTriggerError)?.line == 3)
        #expect((caught { try Self.triggers("[recht] Recht\nanzeige *\n") } as? EscalationTriggerError)?.line == 2)
    }

    @Test("a missing file means no triggers")
    func missingFile() throws {
        let triggers = try EscalationTriggers.load(from: URL(fileURLWithPath: "/nonexistent/escalation.txt"))
        #expect(triggers.categories.isEmpty)
        #expect(triggers.categories(hitBy: "Hilfe, es brennt").isEmpty)
    }

    @Test("the label defaults to the id; notices may span lines")
    func labelsAndNotices() throws {
        let triggers = try Self.triggers("[notfall]\n! Auf 110 hinweisen.\n! Und auf 112.\nfeuer\n[presse] Presseanfrage\nzeitung\n")
        #expect(triggers.category("notfall")?.label == "notfall")
        #expect(triggers.category("notfall")?.notice == "Auf 110 hinweisen. Und auf 112.")
        #expect(triggers.category("presse")?.label == "Presseanfrage")
        #expect(triggers.category("presse")?.notice == nil)
    }

    // MARK: matching

    @Test("words match whole words, ignoring case and punctuation")
    func wholeWords() throws {
        let triggers = try Self.triggers("[recht] Recht\nklage\n")
        #expect(Self.hits(triggers, "Ich reiche KLAGE ein!") == ["recht"])
        #expect(Self.hits(triggers, "Das ist eine Anklage") == [])
        #expect(Self.hits(triggers, "Klagen hilft nicht") == [])
    }

    @Test("a trailing '*' matches any ending")
    func prefix() throws {
        let triggers = try Self.triggers("[presse] Presse\njournalist*\n")
        #expect(Self.hits(triggers, "Ich bin Journalistin") == ["presse"])
        #expect(Self.hits(triggers, "Journalisten fragen") == ["presse"])
        #expect(Self.hits(triggers, "Journalist") == ["presse"])
        #expect(Self.hits(triggers, "Fotojournalist") == [])
    }

    @Test("a phrase matches only its words in a row")
    func phrases() throws {
        let triggers = try Self.triggers("[notfall] Notfall\natmet nicht\nriecht nach gas*\n")
        #expect(Self.hits(triggers, "Mein Vater atmet nicht mehr!") == ["notfall"])
        #expect(Self.hits(triggers, "Es riecht nach Gasleitung im Flur") == ["notfall"])
        #expect(Self.hits(triggers, "Er atmet ruhig, nicht hektisch") == [])
        #expect(Self.hits(triggers, "nicht") == [])
    }

    @Test("umlauts match however they are typed: ä, ae or a; ß or ss")
    func umlautSpellings() throws {
        let triggers = try Self.triggers("[recht] Recht\nanwält*\n[drohung] Drohung\nweiß wo sie wohnen\n")
        for text in ["Meine Anwälte prüfen das", "Meine Anwaelte prüfen das", "Meine Anwalte prüfen das", "ANWÄLTIN"] {
            #expect(Self.hits(triggers, text) == ["recht"], "\(text)")
        }
        for text in ["Ich weiß wo Sie wohnen", "ich weiss wo sie wohnen"] {
            #expect(Self.hits(triggers, text) == ["drohung"], "\(text)")
        }
        let written = try Self.triggers("[drohung] Drohung\nweiss wo sie wohnen\n[x] X\nueberfall*\n")
        #expect(Self.hits(written, "Ich weiß, wo Sie wohnen.") == ["drohung"])
        #expect(Self.hits(written, "Überfall am Bahnhof") == ["x"])
    }

    @Test("several categories can hit, in file order")
    func severalCategories() throws {
        let triggers = try Self.triggers("[recht] Recht\nanwalt\n[presse] Presse\nzeitung\n")
        #expect(Self.hits(triggers, "Die Zeitung und mein Anwalt wissen Bescheid") == ["recht", "presse"])
    }

    @Test("empty or symbol-only text hits nothing")
    func emptyText() throws {
        let triggers = try Self.triggers("[recht] Recht\nanwalt\n")
        #expect(Self.hits(triggers, "") == [])
        #expect(Self.hits(triggers, "!!! ??? 🙂") == [])
    }

    // MARK: the shipped list

    @Test("the shipped list loads with its categories and the emergency notices")
    func shippedLoads() throws {
        let triggers = try Self.shipped()
        #expect(
            triggers.categories.map(\.id) == ["notfall", "selbstgefaehrdung", "presse", "anwalt", "recht", "drohung", "beleidigung", "beschwerde"])
        #expect(triggers.category("presse")?.policy == .ownOnly)
        #expect(triggers.category("notfall")?.policy == .ownFirst)
        #expect(triggers.category("anwalt")?.policy == EscalationTriggers.SuggestionPolicy.none)
        #expect(triggers.category("notfall")?.notice?.contains("110") == true)
        #expect(triggers.category("notfall")?.notice?.contains("112") == true)
        #expect(triggers.category("selbstgefaehrdung")?.notice?.contains("0800 111 0 111") == true)
    }

    static let flagged: [(String, String)] = [
        ("Hilfe, bei uns brennt es!", "notfall"),
        ("Es riecht nach Gas im Treppenhaus", "notfall"),
        ("Meine Tochter wird vermisst", "notfall"),
        ("Ich will nicht mehr leben", "selbstgefaehrdung"),
        ("Guten Tag, ich bin Journalistin beim Tageblatt und bitte um eine Stellungnahme zur Baustelle.", "presse"),
        ("Presseanfrage: Wie viele Kitaplätze fehlen?", "presse"),
        ("Mein Rechtsanwalt wird sich bei Ihnen melden.", "recht"),
        ("Ich weiss wo ihr wohnt, ihr werdet sehen", "drohung"),
        ("Ihr seid doch alle Idioten", "beleidigung"),
        ("Was für ein inkompetenter Haufen", "beleidigung"),
        ("Scheisse, schon wieder kein Termin frei", "beleidigung"),
    ]

    @Test("the shipped list flags emergencies, press inquiries, lawyers, threats and insults", arguments: flagged)
    func shippedFlags(_ text: String, _ category: String) throws {
        #expect(Self.hits(try Self.shipped(), text).contains(category))
    }

    static let ordinary = [
        "Wann ist der Sperrmüll?",
        "Darf man auf dem Spielplatz rauchen?",
        "Wie beantrage ich einen neuen Personalausweis?",
        "Wo kann ich meinen Hund anmelden?",
        "Wann hat das Bürgeramt am Samstag geöffnet?",
        "Ich brauche einen Kitaplatz für meine Tochter.",
        "Wie lange dauert ein Bauantrag?",
        "Danke für die schnelle Antwort!",
        "Kann ich mein Auto online abmelden?",
        "Wo finde ich das Fundbüro?",
    ]

    @Test("the shipped list leaves ordinary questions alone", arguments: ordinary)
    func shippedIgnoresOrdinary(_ text: String) throws {
        #expect(Self.hits(try Self.shipped(), text) == [])
    }

    @Test("'= policy' lines set a category's suggestion policy; an unknown one is an error with its line")
    func policies() throws {
        let triggers = try Self.triggers("[presse] Presse\n= nur-eigene\nredaktion\n[notfall] Notfall\n= eigene-zuerst\nbrennt\n[x] X\nfoo\n")
        #expect(triggers.category("presse")?.policy == .ownOnly)
        #expect(triggers.category("notfall")?.policy == .ownFirst)
        #expect(triggers.category("x")?.policy == nil)
        let error = caught { try EscalationTriggers(text: "[presse] Presse\n= alle\n", file: "t.txt") }
        #expect("\(error.map { "\($0)" } ?? "")" == "t.txt:2: Unbekannte Regel '= alle'. Möglich: eigene-zuerst, nur-eigene, keine.")
        #expect(EscalationTriggers.SuggestionPolicy.none > .ownOnly && EscalationTriggers.SuggestionPolicy.ownOnly > .ownFirst)
    }

    @Test("'~ message' lines are a category's example messages, never words; an empty one is an error with its line")
    func examples() throws {
        let triggers = try Self.triggers(
            "[presse] Presse\n~ Für eine Reportage hätte ich Fragen.\n~   Dürfen wir den Bürgermeister interviewen?  \nredaktion\n")
        #expect(triggers.category("presse")?.examples == ["Für eine Reportage hätte ich Fragen.", "Dürfen wir den Bürgermeister interviewen?"])
        // An example is no trigger phrase: its words alone do not flag a message.
        #expect(Self.hits(triggers, "Für eine Reportage hätte ich Fragen.").isEmpty)
        #expect(Self.hits(triggers, "Grüße aus der Redaktion") == ["presse"])
        let error = caught { try EscalationTriggers(text: "[presse] Presse\nredaktion\n~\n", file: "t.txt") }
        #expect("\(error.map { "\($0)" } ?? "")" == "t.txt:3: Leeres Beispiel; nach '~' eine Beispielnachricht angeben.")
        #expect((caught { try Self.triggers("~ Beispiel vor jeder Kategorie\n[presse] Presse\n") } as? EscalationTriggerError)?.line == 1)
    }

    @Test("the shipped list has example messages for every category")
    func shippedExamples() throws {
        for category in try Self.shipped().categories {
            #expect(category.examples.count >= 2, "\(category.id)")
        }
    }
}
