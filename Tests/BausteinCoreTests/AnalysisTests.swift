import BausteinCore
import Foundation
import Testing

/// The analysis chain decides whether a citizen's spelling meets the press office's: every step is checked
/// through what it does to real words.
@Suite("Analysis")
struct AnalysisTests {
    let analyzer: Analyzer

    init() throws {
        analyzer = try Analyzer()
    }

    /// A vocabulary made of the index terms of the given words, each in one document.
    func vocabulary(_ words: [String], frequencies: [String: Int] = [:]) -> Vocabulary {
        var documentFrequency: [String: Int] = [:]
        for word in words {
            for term in analyzer.terms(word) { documentFrequency[term] = frequencies[word] ?? 1 }
        }
        return Vocabulary(documentFrequency: documentFrequency, documentCount: 20)
    }

    // MARK: Umlauts, ß and digraphs

    @Test("Führerschein, Fuehrerschein and Fuhrerschein are one term")
    func umlautVariants() {
        let terms = ["Führerschein", "Fuehrerschein", "Fuhrerschein", "FÜHRERSCHEIN", "fuehrerschein"].map(analyzer.terms)
        #expect(terms[0].count == 1)
        for variant in terms { #expect(variant == terms[0]) }
    }

    @Test("Sperrmüll, Sperrmuell; Gebühren, Gebuehren; Bürgeramt, Buergeramt; Öffnungszeiten, Oeffnungszeiten")
    func moreUmlautVariants() {
        #expect(analyzer.terms("Sperrmüll") == analyzer.terms("Sperrmuell"))
        #expect(analyzer.terms("Gebühren") == analyzer.terms("Gebuehren"))
        #expect(analyzer.terms("Bürgeramt") == analyzer.terms("Buergeramt"))
        #expect(analyzer.terms("Öffnungszeiten") == analyzer.terms("Oeffnungszeiten"))
        #expect(analyzer.terms("Kita-Gebühren") == analyzer.terms("Kita Gebuehren"))
    }

    @Test("decomposed umlauts (u + combining diaeresis) meet precomposed ones")
    func decomposedUmlauts() {
        #expect(analyzer.terms("Fu\u{0308}hrerschein") == analyzer.terms("Führerschein"))
    }

    @Test("ß and ss are one term")
    func sharpS() {
        #expect(analyzer.terms("Straße") == analyzer.terms("Strasse"))
        #expect(analyzer.terms("Straßensperrung") == analyzer.terms("Strassensperrung"))
        #expect(analyzer.terms("Großer Fuß") == analyzer.terms("Grosser Fuss"))
    }

    @Test(
        "stop words are dropped in every spelling: Grüße, Gruesse, Grüsse, Gruss")
    func stopWordSpellings() {
        for spelling in ["Grüße", "Gruesse", "Grüsse", "Gruß", "Gruss", "muß"] {
            #expect(analyzer.terms(spelling).isEmpty, "\(spelling) → \(analyzer.terms(spelling))")
        }
        #expect(analyzer.terms("Grüße aus der Straße") == analyzer.terms("Gruesse aus der Strasse"))
    }

    @Test("digraph folding leaves Steuer, neue, Frauen and Quelle alone")
    func digraphsAfterVowels() {
        #expect(TextFolding.foldDigraphs("steuer") == "steuer")
        #expect(TextFolding.foldDigraphs("steuern") == "steuern")
        #expect(TextFolding.foldDigraphs("neue") == "neue")
        #expect(TextFolding.foldDigraphs("frauen") == "frauen")
        #expect(TextFolding.foldDigraphs("quelle") == "quelle")
        #expect(TextFolding.foldDigraphs("fuehrerschein") == "führerschein")
        #expect(TextFolding.foldDigraphs("oeffnungszeiten") == "öffnungszeiten")
        #expect(TextFolding.foldDigraphs("gaeste") == "gäste")
        // "Steuer" and "Steuern" (tax) must stay one term and not turn into "Steür".
        #expect(analyzer.terms("Steuer") == analyzer.terms("Steuern"))
        #expect(analyzer.terms("Hundesteuer") == analyzer.terms("Hundesteuern"))
        #expect(analyzer.analyze("Steuern").first?.folded == "steuern")
    }

    @Test("stripping umlauts spells ß as ss")
    func stripUmlauts() {
        #expect(TextFolding.stripUmlauts("grünschnitt") == "grunschnitt")
        #expect(TextFolding.stripUmlauts("straße") == "strasse")
        #expect(TextFolding.stripUmlauts("öäü") == "oau")
    }

    // MARK: Stop words and normalisation

    @Test("stop words are dropped, question words are kept")
    func stopWords() {
        let words = analyzer.analyze("Wann wird bei uns der Sperrmüll abgeholt?").map(\.surface)
        #expect(words == ["wann", "sperrmüll", "abgeholt"])
        #expect(analyzer.analyze("Wo ist das Bürgeramt?").map(\.surface) == ["wo", "bürgeramt"])
        #expect(analyzer.analyze("Warum und wer?").map(\.surface) == ["warum", "wer"])
        #expect(analyzer.terms("und oder aber bitte danke").isEmpty)
        #expect(StopWords.contains("der"))
        #expect(!StopWords.contains("wann"))
        #expect(!StopWords.contains("wo"))
    }

    @Test("single letters are not words")
    func singleLetters() {
        #expect(analyzer.terms("a b c x").isEmpty)
        #expect(analyzer.term(forWord: "x") == nil)
        #expect(analyzer.term(forWord: "Kita") == analyzer.terms("kita").first)
    }

    @Test("NFKC: full-width letters and ligatures become ordinary letters")
    func compatibilityNormalisation() {
        #expect(TextFolding.normalize("ＰＥＲＳＯ") == "perso")
        #expect(analyzer.terms("Ｆüｈｒｅｒｓｃｈｅｉｎ") == analyzer.terms("Führerschein"))
        #expect(analyzer.terms("Eröﬀnung") == analyzer.terms("Eröffnung"))
    }

    @Test("words are split at hyphens, punctuation and emoji")
    func wordSplitting() {
        func words(_ text: String) -> [String] { TextFolding.words(in: TextFolding.normalize(text)).map(String.init) }
        #expect(words("Kfz-Zulassung, bitte!") == ["kfz", "zulassung", "bitte"])
        #expect(words("Hallo👋🏽Welt 🙂 ok?") == ["hallo", "welt", "ok"])
        #expect(words("Termin am 01.11.2026 um 9:30") == ["termin", "am", "01", "11", "2026", "um", "9", "30"])
        #expect(words("E-Mail: info@musterstadt.example") == ["e", "mail", "info", "musterstadt", "example"])
        #expect(words("„Sperrmüll“ (bitte) – schnell…") == ["sperrmüll", "bitte", "schnell"])
        #expect(words("").isEmpty)
        #expect(words("  \n\t ").isEmpty)
        #expect(words("🙂🙂🙂").isEmpty)
    }

    // MARK: Compounds

    @Test("a compound splits into index terms")
    func compoundSplitting() throws {
        let vocabulary = vocabulary(["Personalausweis", "Antrag"])
        let parts = vocabulary.splitCompound("personalausweisantrag", stemmer: analyzer.stemmer)
        #expect(parts == analyzer.terms("Personalausweis") + analyzer.terms("Antrag"))
    }

    @Test("linking elements: Arbeit-s-amt, Geburt-s-urkunde, Hund-e-steuer")
    func linkingElements() {
        let vocabulary = vocabulary(["Arbeit", "Amt", "Geburt", "Urkunde", "Hund", "Steuer"])
        #expect(vocabulary.splitCompound("arbeitsamt", stemmer: analyzer.stemmer) == analyzer.terms("Arbeit Amt"))
        #expect(vocabulary.splitCompound("geburtsurkunde", stemmer: analyzer.stemmer) == analyzer.terms("Geburt Urkunde"))
        #expect(vocabulary.splitCompound("hundesteuer", stemmer: analyzer.stemmer) == analyzer.terms("Hund Steuer"))
    }

    @Test("no split for unknown parts, a whole known word, or short words")
    func noSplit() {
        let vocabulary = vocabulary(["Antrag", "Amt"])
        #expect(vocabulary.splitCompound("sperrmüll", stemmer: analyzer.stemmer) == nil)
        #expect(vocabulary.splitCompound("antrag", stemmer: analyzer.stemmer) == nil)
        #expect(vocabulary.splitCompound("amtamt", stemmer: analyzer.stemmer) == [analyzer.terms("Amt")[0], analyzer.terms("Amt")[0]])
        #expect(vocabulary.splitCompound("amt", stemmer: analyzer.stemmer) == nil)
    }

    @Test("index compounds that contain a word, most frequent first")
    func compoundsContaining() {
        let vocabulary = vocabulary(
            ["Sperrmüll", "Restmüll", "Müll", "Müllabfuhr"], frequencies: ["Sperrmüll": 5, "Restmüll": 2, "Müllabfuhr": 3])
        let mull = analyzer.terms("Müll")[0]
        let found = vocabulary.compoundsContaining(mull, limit: 3)
        #expect(found == analyzer.terms("Sperrmüll Müllabfuhr Restmüll"))
        #expect(vocabulary.compoundsContaining(mull, limit: 1) == analyzer.terms("Sperrmüll"))
        #expect(vocabulary.compoundsContaining("mul", limit: 3).isEmpty)
    }

    // MARK: Typos

    @Test("a misspelt word is corrected to the closest index term")
    func typoCorrection() {
        let vocabulary = vocabulary(["Personalausweis", "Antrag", "Sperrmüll"])
        // Transposition counts as one edit.
        #expect(vocabulary.corrections(for: analyzer.terms("Persoanlausweis")[0]) == analyzer.terms("Personalausweis"))
        #expect(vocabulary.corrections(for: "antrga") == ["antrag"])
        // Two edits are allowed from eight letters on …
        #expect(vocabulary.corrections(for: "persnalauswis") == analyzer.terms("Personalausweis"))
        // … but only one below.
        #expect(vocabulary.corrections(for: "anrtga").isEmpty)
        #expect(vocabulary.corrections(for: "ntrg").isEmpty)
        // Words under four letters are never corrected.
        #expect(vocabulary.corrections(for: "amt").isEmpty)
        #expect(vocabulary.corrections(for: "zzzzzzzz").isEmpty)
    }

    @Test("corrections prefer the closest, then the most frequent term")
    func correctionOrder() {
        let vocabulary = Vocabulary(documentFrequency: ["personal": 1, "personalen": 9, "person": 4], documentCount: 10)
        // "personal" is one edit away, "personalen" two: the closer one wins although it is rarer.
        #expect(vocabulary.corrections(for: "personalx", limit: 3) == ["personal", "personalen"])
        let tied = Vocabulary(documentFrequency: ["hausen": 1, "hauser": 7, "haus": 3], documentCount: 10)
        #expect(tied.corrections(for: "hause", limit: 3) == ["hauser", "haus", "hausen"])
        #expect(tied.corrections(for: "hause", limit: 1) == ["hauser"])
    }

    @Test("term weighting: rare terms weigh more than common ones")
    func inverseDocumentFrequency() {
        let vocabulary = Vocabulary(documentFrequency: ["rar": 1, "oft": 15], documentCount: 20)
        #expect(vocabulary.idf("rar") > vocabulary.idf("oft"))
        #expect(vocabulary.idf("oft") >= 0)
        #expect(vocabulary.frequency(of: "fehlt") == 0)
    }
}

/// `knowledge/synonyms.txt`: curated synonyms and abbreviations.
@Suite("Synonym table")
struct SynonymTableTests {
    let analyzer: Analyzer

    init() throws {
        analyzer = try Analyzer()
    }

    @Test("groups, comments, blank lines and multi-word entries")
    func parsing() throws {
        let table = try SynonymTable(
            contents: """
                # Synonyme der Stadt
                Personalausweis, Perso, Ausweis

                Führerschein, Lappen   # umgangssprachlich
                Terminvereinbarung, Termin buchen, Termin vereinbaren
                """, analyzer: analyzer)
        #expect(table.groups.count == 3)
        #expect(table.groups[0].labels == ["Personalausweis", "Perso", "Ausweis"])
        #expect(table.groups[1].labels == ["Führerschein", "Lappen"])
        #expect(table.groups[2].entries[1] == analyzer.terms("Termin buchen"))
        #expect(table.groups[2].entries[1].count == 2)
    }

    @Test("a line with one entry is an error with its line number")
    func oneEntryLine() {
        let contents = "# Kopf\nPersonalausweis, Perso\n\nFundbüro,\n"
        #expect(throws: AnalysisError.self) { try SynonymTable(contents: contents, file: "knowledge/synonyms.txt", analyzer: analyzer) }
        do {
            _ = try SynonymTable(contents: contents, file: "knowledge/synonyms.txt", analyzer: analyzer)
        } catch let error as AnalysisError {
            guard case .badSynonymLine(let file, let line, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file == "knowledge/synonyms.txt")
            #expect(line == 4)
            #expect(error.description.hasPrefix("knowledge/synonyms.txt:4: "))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test(
        "a synonyms file with Windows line endings (CRLF) keeps its groups")
    func windowsLineEndings() throws {
        let table = try SynonymTable(contents: "# Synonyme\r\nPersonalausweis, Perso\r\nFührerschein, Lappen\r\n", analyzer: analyzer)
        #expect(table.groups.map(\.labels) == [["Personalausweis", "Perso"], ["Führerschein", "Lappen"]])
    }

    @Test("entries made only of stop words are left out")
    func stopWordEntries() throws {
        let table = try SynonymTable(contents: "danke, vielen dank\nLob, danke, Dankeschön\n", analyzer: analyzer)
        // "danke" alone can never match; the first group keeps one usable entry and is dropped.
        #expect(table.groups.count == 1)
        #expect(table.groups[0].labels == ["Lob", "Dankeschön"])
    }

    @Test("an entry expands to the other entries of its group")
    func expansions() throws {
        let table = try SynonymTable(contents: "Personalausweis, Perso, Ausweis\nFührerschein, Lappen\n", analyzer: analyzer)
        let expansions = table.expansions(of: analyzer.terms("Mein Perso ist weg"))
        #expect(expansions.count == 1)
        #expect(expansions.first?.matched == "Perso")
        #expect(expansions.first?.terms == analyzer.terms("Personalausweis Ausweis"))
        #expect(table.expansions(of: analyzer.terms("Sperrmüll abholen")).isEmpty)
        #expect(SynonymTable().expansions(of: analyzer.terms("Perso")).isEmpty)
    }

    @Test("multi-word entries match as a whole, the longest entry first")
    func multiWordExpansion() throws {
        let table = try SynonymTable(
            contents: "Terminvereinbarung, Termin buchen\nTerminabsage, Termin\n", analyzer: analyzer)
        let expansions = table.expansions(of: analyzer.terms("ich will einen Termin buchen"))
        #expect(expansions.map(\.matched) == ["Termin buchen"])
        #expect(expansions.first?.terms == analyzer.terms("Terminvereinbarung"))
        // Alone, "Termin" is the other group's entry.
        #expect(table.expansions(of: analyzer.terms("Termin morgen")).map(\.matched) == ["Termin"])
    }

    @Test("a missing synonyms file is an empty table")
    func missingFile() throws {
        let table = try SynonymTable.load(from: URL(fileURLWithPath: "/nonexistent/synonyms.txt"), analyzer: analyzer)
        #expect(table.groups.isEmpty)
    }
}
