import BausteinCore
import Testing

/// Verb forms the stemmer leaves apart from their infinitive: separated particles, participles, zu-infinitives.
@Suite("Verb forms")
struct VerbFormsTests {
    let stemmer: GermanStemmer
    let analyzer: Analyzer

    init() throws {
        stemmer = try GermanStemmer()
        analyzer = Analyzer(stemmer: stemmer)
    }

    /// The index terms of these words, the way `sync` would store them.
    func terms(_ words: String...) -> Set<String> { Set(words.map { stemmer.stem($0) }) }

    @Test("a particle at the end of the clause joins its verb: melde … um, macht … auf, stecke … an")
    func separated() {
        let index = terms("ummelden", "aufmachen", "anstecken")
        let umzug = VerbForms.separatedVerbs(in: "wie melde ich mich um?", stemmer: stemmer, isTerm: index.contains)
        #expect(umzug.map(\.verb) == ["melde"])
        #expect(umzug.map(\.particle) == ["um"])
        #expect(umzug.map(\.term) == [stemmer.stem("ummelden")])
        let opening = VerbForms.separatedVerbs(in: "wann macht das amt auf", stemmer: stemmer, isTerm: index.contains)
        #expect(opening.map(\.verb) == ["macht"])
        let two = VerbForms.separatedVerbs(
            in: "ich stecke mich an, oder? wann macht ihr auf!", stemmer: stemmer, isTerm: index.contains)
        #expect(two.map(\.term) == [stemmer.stem("anstecken"), stemmer.stem("aufmachen")])
    }

    @Test("no join when the particle does not end the clause or the infinitive is not an index term")
    func notSeparated() {
        let index = terms("ummelden", "herkommen")
        #expect(VerbForms.separatedVerbs(in: "ich melde mich um 8 uhr, an der tür", stemmer: stemmer, isTerm: index.contains).isEmpty)
        #expect(VerbForms.separatedVerbs(in: "wie melde ich mich an?", stemmer: stemmer, isTerm: index.contains).isEmpty)
        // Strong verbs that change their vowel find no infinitive: "sieht … aus" is not "aussehen".
        #expect(VerbForms.separatedVerbs(in: "wie sieht es aus", stemmer: stemmer, isTerm: terms("aussehen").contains).isEmpty)
        #expect(VerbForms.separatedVerbs(in: "an", stemmer: stemmer, isTerm: terms("an").contains).isEmpty)
        // The finite verb stands early in its clause; a word far from the start is not taken for it.
        let late = "gestern und vorgestern und heute und morgen melde ich mich um"
        #expect(VerbForms.separatedVerbs(in: late, stemmer: stemmer, isTerm: index.contains).isEmpty)
    }

    @Test("participles and zu-infinitives: angemeldet, getestet, gekommen, geöffnet, umzumelden")
    func participles() {
        let index = terms("anmelden", "testen", "kommen", "öffnen", "ummelden", "absagen")
        func stem(_ word: String) -> String? {
            VerbForms.infinitiveStem(ofWord: TextFolding.foldDigraphs(word), stemmer: stemmer, isTerm: index.contains)
        }
        #expect(stem("angemeldet") == stemmer.stem("anmelden"))
        #expect(stem("getestet") == stemmer.stem("testen"))
        #expect(stem("gekommen") == stemmer.stem("kommen"))
        #expect(stem("geöffnet") == stemmer.stem("öffnen"))
        #expect(stem("umzumelden") == stemmer.stem("ummelden"))
        #expect(stem("abgesagt") == stemmer.stem("absagen"))
        // Words that only look like one, or whose infinitive the index does not have.
        #expect(stem("gesundheit") == nil)
        #expect(stem("gebracht") == nil)
        #expect(stem("getestet") != nil && VerbForms.infinitiveStem(ofWord: "getestet", stemmer: stemmer, isTerm: { _ in false }) == nil)
    }

    @Test("the query gets the infinitive as an alternative of the verb's slot, or a slot of its own for a stop word verb")
    func queryAnalysis() {
        let frequencies = Dictionary(uniqueKeysWithValues: terms("anmelden", "hund", "melden", "vorgehen", "regierung").map { ($0, 2) })
        let vocabulary = Vocabulary(documentFrequency: frequencies, documentCount: 10)
        let weights = MatchWeights()
        let dog = QueryAnalysis.analyze(
            "Wo melde ich meinen Hund an?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: weights)
        let verbSlot = dog.slots.first { $0.word == "melde" }
        #expect(verbSlot?.alternatives.map(\.origin) == [.exact, .verbForm])
        #expect(verbSlot?.alternatives.last?.term == stemmer.stem("anmelden"))
        #expect(verbSlot?.alternatives.last?.word == "melde … an")

        // "geht" is a stop word on its own: the joined verb becomes a slot of its own.
        let government = QueryAnalysis.analyze(
            "Wie geht die Regierung vor?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: weights)
        #expect(government.slots.map(\.word) == ["regierung", "geht … vor"])
        #expect(government.slots.last?.alternatives.map(\.origin) == [.verbForm])

        var off = weights
        off.verbForm = 0
        let plain = QueryAnalysis.analyze(
            "Wo melde ich meinen Hund an?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: off)
        #expect(!plain.slots.flatMap(\.alternatives).contains { $0.origin == .verbForm })
    }

    @Test("a participle's slot offers the infinitive next to its own stem")
    func participleSlot() {
        let vocabulary = Vocabulary(documentFrequency: [stemmer.stem("testen"): 3, stemmer.stem("baby"): 1], documentCount: 10)
        let query = QueryAnalysis.analyze(
            "Wird mein Baby getestet?", analyzer: analyzer, vocabulary: vocabulary, synonyms: SynonymTable(), weights: MatchWeights())
        let slot = query.slots.first { $0.word == "getestet" }
        #expect(slot?.alternatives.contains { $0.term == stemmer.stem("testen") && $0.origin == .verbForm } == true)
    }
}
