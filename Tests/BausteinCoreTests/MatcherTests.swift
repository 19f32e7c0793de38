import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The matcher on a small hand-written base: the right snippet first for the ways citizens really write, no
/// answer when none fits, nothing outside its validity window, and no input that can break it.
@Suite("Matcher")
struct MatcherTests {
    /// The small base every test here runs on; the clock is fixed at 2026-11-01.
    static let files: [(path: String, contents: String)] = [
        (
            "buergeramt/personalausweis-beantragen.md",
            TestEnvironment.snippetFile(
                id: "personalausweis-beantragen", title: "Personalausweis beantragen",
                questions: ["Wie beantrage ich einen neuen Personalausweis?", "Mein Personalausweis ist abgelaufen, was muss ich tun?"],
                body:
                    "Guten Tag {{name}}, den Antrag auf einen neuen Personalausweis stellen Sie im Bürgeramt. Bitte bringen Sie ein biometrisches Passfoto mit."
            )
        ),
        (
            "kfz/fuehrerschein-umtauschen.md",
            TestEnvironment.snippetFile(
                id: "fuehrerschein-umtauschen", title: "Führerschein umtauschen",
                questions: ["Muss ich meinen alten Führerschein umtauschen?", "Bis wann muss der Führerschein getauscht werden?"],
                body: "Guten Tag {{name}}, alte Führerscheine müssen je nach Ausstellungsjahr bis spätestens 2033 umgetauscht werden.")
        ),
        (
            "abfall/sperrmuell-anmelden.md",
            TestEnvironment.snippetFile(
                id: "sperrmuell-anmelden", title: "Sperrmüll anmelden",
                questions: ["Wie melde ich Sperrmüll an?", "Wann wird der Sperrmüll abgeholt?"],
                body: "Guten Tag {{name}}, Sperrmüll melden Sie online an; die Abholung erfolgt innerhalb von drei Wochen.")
        ),
        (
            "kita/kitaplatz-anmelden.md",
            TestEnvironment.snippetFile(
                id: "kitaplatz-anmelden", title: "Kitaplatz anmelden",
                questions: ["Wie bekomme ich einen Kitaplatz für mein Kind?", "Anmeldung in der Kindertagesstätte"],
                body: "Guten Tag {{name}}, Kinder melden Sie über das Kita-Portal der Stadt an.")
        ),
        (
            "steuern/hundesteuer-anmelden.md",
            TestEnvironment.snippetFile(
                id: "hundesteuer-anmelden", title: "Hundesteuer anmelden",
                questions: ["Ich habe einen Hund, wie melde ich ihn zur Steuer an?", "Wie hoch ist die Hundesteuer?"],
                body: "Guten Tag {{name}}, einen Hund melden Sie innerhalb von zwei Wochen beim Steueramt an.")
        ),
        (
            "verkehr/strassenlaterne-defekt.md",
            TestEnvironment.snippetFile(
                id: "strassenlaterne-defekt", title: "Straßenlaterne defekt",
                questions: ["Die Straßenlaterne vor meinem Haus ist kaputt", "Wo melde ich eine defekte Straßenbeleuchtung?"],
                body: "Guten Tag {{name}}, defekte Beleuchtung melden Sie am schnellsten über den Mängelmelder.")
        ),
        (
            "service/weihnachtsmarkt-2025.md",
            TestEnvironment.snippetFile(
                id: "weihnachtsmarkt-2025", title: "Weihnachtsmarkt Öffnungszeiten",
                questions: ["Wann hat der Weihnachtsmarkt geöffnet?"],
                body: "Guten Tag {{name}}, der Weihnachtsmarkt ist vom 20. November bis 23. Dezember 2025 geöffnet.",
                extra: "valid_from: 2025-11-20\nvalid_until: 2025-12-23")
        ),
        (
            "service/sommerfest-2027.md",
            TestEnvironment.snippetFile(
                id: "sommerfest-2027", title: "Sommerfest Programm", questions: ["Was gibt es beim Sommerfest?"],
                body: "Guten Tag {{name}}, das Programm des Sommerfests 2027 folgt im Frühjahr.", extra: "valid_from: 2027-06-01")
        ),
        (
            "service/martinsumzug.md",
            TestEnvironment.snippetFile(
                id: "martinsumzug", title: "Martinsumzug", questions: ["Wann ist der Martinsumzug?"],
                body: "Guten Tag {{name}}, der Martinsumzug beginnt um 17 Uhr an der Kirche.",
                extra: "valid_from: 2026-10-15\nvalid_until: 2026-11-01")
        ),
    ]

    /// A fresh in-memory knowledge base with the small base synced into it.
    static func makeKnowledgeBase() throws -> KnowledgeBase {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in files { try TestEnvironment.write(file.contents, to: file.path, in: directory) }
        let library = try SnippetLibrary.load(directory: directory, authority: AuthorityFacts())
        try #require(library.problems.isEmpty, "fixture snippets have problems: \(library.problems)")
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        try knowledgeBase.sync(library)
        return knowledgeBase
    }

    static func makeMatcher(synonyms: SynonymTable = SynonymTable()) throws -> Matcher {
        try Matcher(knowledgeBase: try makeKnowledgeBase(), synonyms: synonyms)
    }

    /// Expects `expected` first and, unless `confident` is false, a non-abstaining answer.
    static func expectFirst(
        _ question: String, _ expected: String, matcher: Matcher, confident: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let result = try matcher.match(question)
        let ranked = result.suggestions.map { "\($0.snippetID) \(String(format: "%.2f", $0.confidence))" }
        #expect(result.suggestions.first?.snippetID == expected, "\(question) → \(ranked)", sourceLocation: sourceLocation)
        if confident {
            #expect(!result.abstained, "\(question) → abstained, \(ranked)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Ranking

    @Test(
        "paraphrases find their snippet",
        arguments: [
            ("Mein Ausweis ist abgelaufen, was nun?", "personalausweis-beantragen"),
            ("Wo beantrage ich einen Personalausweis?", "personalausweis-beantragen"),
            ("Wann holt ihr den Sperrmüll ab?", "sperrmuell-anmelden"),
            ("Brauche einen Kitaplatz für meine Tochter", "kitaplatz-anmelden"),
            ("Was kostet die Hundesteuer?", "hundesteuer-anmelden"),
            ("Hund angeschafft, muss ich Steuern zahlen?", "hundesteuer-anmelden"),
            ("Straßenlaterne in unserer Straße ist kaputt", "strassenlaterne-defekt"),
            ("Bis wann muss ich meinen alten Führerschein tauschen?", "fuehrerschein-umtauschen"),
        ])
    func paraphrases(question: String, expected: String) throws {
        try Self.expectFirst(question, expected, matcher: try Self.makeMatcher())
    }

    @Test(
        "umlaut and ß spellings all find the snippet",
        arguments: [
            ("Führerschein umtauschen", "fuehrerschein-umtauschen"),
            ("Fuehrerschein umtauschen", "fuehrerschein-umtauschen"),
            ("Fuhrerschein umtauschen", "fuehrerschein-umtauschen"),
            ("FÜHRERSCHEIN UMTAUSCHEN!!!", "fuehrerschein-umtauschen"),
            ("sperrmuell anmelden", "sperrmuell-anmelden"),
            ("Sperrmull anmelden", "sperrmuell-anmelden"),
            ("Strassenlaterne kaputt", "strassenlaterne-defekt"),
        ])
    func umlautVariants(question: String, expected: String) throws {
        try Self.expectFirst(question, expected, matcher: try Self.makeMatcher())
    }

    @Test("a compound finds the snippet that has its parts")
    func compound() throws {
        let matcher = try Self.makeMatcher()
        try Self.expectFirst("Personalausweisantrag", "personalausweis-beantragen", matcher: matcher)
        let reasons = try matcher.match("Personalausweisantrag").suggestions.first?.reasons ?? []
        #expect(reasons.contains { $0.word == "personalausweisantrag" && $0.origin == .compoundPart })
        // The other way round: a part finds the compound.
        try Self.expectFirst("Müll abholen lassen", "sperrmuell-anmelden", matcher: matcher, confident: false)
    }

    @Test("synonyms from the synonyms table bridge words the snippet does not use")
    func synonyms() throws {
        let analyzer = try Analyzer()
        let table = try SynonymTable(contents: "Führerschein, Lappen, Fahrerlaubnis\nKita, Kindergarten\n", analyzer: analyzer)
        let knowledgeBase = try Self.makeKnowledgeBase()
        let plain = try Matcher(knowledgeBase: knowledgeBase)
        let withSynonyms = try Matcher(knowledgeBase: knowledgeBase, synonyms: table)

        let without = try plain.match("Lappen")
        #expect(without.abstained || without.suggestions.first?.snippetID != "fuehrerschein-umtauschen")
        let with = try withSynonyms.match("Lappen")
        #expect(with.suggestions.first?.snippetID == "fuehrerschein-umtauschen")
        #expect(!with.abstained)
        #expect(with.suggestions.first?.reasons.contains { $0.word.lowercased() == "lappen" && $0.origin == .synonym } == true)
        try Self.expectFirst("Muss ich meinen grauen Lappen abgeben?", "fuehrerschein-umtauschen", matcher: withSynonyms, confident: false)
        try Self.expectFirst("Platz im Kindergarten gesucht", "kitaplatz-anmelden", matcher: withSynonyms, confident: false)
    }

    @Test("a typo still finds the snippet")
    func typo() throws {
        let matcher = try Self.makeMatcher()
        try Self.expectFirst("Persoanlausweis", "personalausweis-beantragen", matcher: matcher)
        try Self.expectFirst("Persoanlausweis abgelaufen", "personalausweis-beantragen", matcher: matcher)
        let reasons = try matcher.match("Persoanlausweis").suggestions.first?.reasons ?? []
        #expect(reasons.contains { $0.word == "persoanlausweis" && $0.origin == .typo })
        try Self.expectFirst("Sperrmüll anmleden", "sperrmuell-anmelden", matcher: matcher)
    }

    @Test("confidences lie in 0…1 and suggestions come best first")
    func confidences() throws {
        let matcher = try Self.makeMatcher()
        for question in [
            "Sperrmüll", "Hund Steuer Kita", "Wann ist der Personalausweis abgelaufen?", "kaputt", "Führerschein Sperrmüll Kitaplatz",
        ] {
            let result = try matcher.match(question, limit: 9)
            #expect(result.suggestions.count <= 9)
            #expect(result.suggestions.allSatisfy { (0...1).contains($0.confidence) }, "\(question)")
            let confidences = result.suggestions.map(\.confidence)
            #expect(confidences == confidences.sorted(by: >=), "\(question): \(confidences)")
            let scores = result.suggestions.map(\.score)
            #expect(scores == scores.sorted(by: >=), "\(question): \(scores)")
            #expect((0...1).contains(result.domainConfidence) && (0...1).contains(result.knownShare))
            #expect(result.abstained == (result.domainConfidence < result.threshold))
        }
        #expect(try matcher.match("Sperrmüll", limit: 1).suggestions.count == 1)
    }
}
