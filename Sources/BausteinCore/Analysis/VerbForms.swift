/// German verb forms whose Snowball stem differs from the infinitive's: a particle the sentence moved to the
/// end ("Wie melde ich mich um?" → ummelden, "Wo kommt das Virus her?" → herkommen), participles ("getestet" →
/// testen, "angemeldet" → anmelden) and zu-infinitives ("umzumelden" → ummelden).
///
/// Each form yields a few candidate infinitives; a candidate counts only when its stem is an index term, so the
/// index's own vocabulary decides, as in compound splitting. Strong verbs that change their vowel ("sieht … aus")
/// find no candidate and stay as they are.
public enum VerbForms {
    /// Separable particles, the longest first, so that "heraus" is tried before "her".
    static let particles: [String] = [
        "ab", "an", "auf", "aus", "bei", "dabei", "dar", "durch", "ein", "empor", "entgegen", "fest", "fort",
        "frei", "her", "herab", "heran", "herauf", "heraus", "herbei", "herein", "herum", "herunter", "hervor",
        "hin", "hinauf", "hinaus", "hinein", "hinterher", "hinunter", "hinzu", "los", "mit", "nach", "nieder",
        "um", "vor", "voran", "voraus", "vorbei", "vorher", "weg", "weiter", "wieder", "zu", "zurecht", "zurück",
        "zusammen",
    ].sorted { ($0.count, $1) > ($1.count, $0) }
    private static let particleSet = Set(particles)

    /// Characters that end a clause: a separated particle closes the clause of its verb.
    private static let clauseEnds: Set<Character> = [".", ",", ";", ":", "!", "?", "\n", "(", ")", "–", "-"]

    /// A verb the sentence split: the finite verb's position among the clause's words, and the infinitive's stem.
    public struct SeparatedVerb: Equatable, Sendable {
        /// The finite verb as written (normalised).
        public var verb: String
        public var particle: String
        public var term: String
    }

    /// How far into a clause the finite verb may stand: first or second constituent, and a first constituent
    /// is rarely longer than a few words. Also keeps a hostile 10,000-word clause cheap.
    static let finiteVerbReach = 6

    /// Verbs whose particle ends a clause of `text` (normalised), joined again when the joined infinitive's
    /// stem satisfies `isTerm`. Per clause the first word that joins is taken: the finite verb comes early.
    public static func separatedVerbs(in text: String, stemmer: GermanStemmer, isTerm: (String) -> Bool) -> [SeparatedVerb] {
        var found: [SeparatedVerb] = []
        for clause in text.split(whereSeparator: { clauseEnds.contains($0) }) {
            let words = TextFolding.words(in: String(clause)).map(String.init)
            guard words.count >= 2, let particle = words.last, particleSet.contains(particle) else { continue }
            for word in words.dropLast().prefix(finiteVerbReach) where (2...30).contains(word.count) && !particleSet.contains(word) {
                let folded = TextFolding.foldDigraphs(word)
                if let term = infinitiveStem(particle: particle, finite: folded, stemmer: stemmer, isTerm: isTerm) {
                    found.append(SeparatedVerb(verb: word, particle: particle, term: term))
                    break
                }
            }
        }
        return found
    }

    /// The infinitive's stem for a participle ("angemeldet", "getestet", "gekommen") or a zu-infinitive
    /// ("umzumelden") when it is an index term; nil for any other word.
    public static func infinitiveStem(ofWord folded: String, stemmer: GermanStemmer, isTerm: (String) -> Bool) -> String? {
        guard folded.count >= 6, folded.count <= 40 else { return nil }
        for particle in particles + [""] where folded.hasPrefix(particle) {
            let rest = folded.dropFirst(particle.count)
            if rest.hasPrefix("ge"), rest.count >= 5 {
                let body = rest.dropFirst(2)
                for ending in ["et", "t", "en"] where body.hasSuffix(ending) {
                    let base = String(body.dropLast(ending.count))
                    if let term = firstTerm(infinitives(particle: particle, base: base), stemmer: stemmer, isTerm: isTerm) { return term }
                }
            }
            if !particle.isEmpty, rest.hasPrefix("zu"), rest.count >= 5, rest.hasSuffix("n") {
                let infinitive = particle + rest.dropFirst(2)
                if let term = firstTerm([infinitive], stemmer: stemmer, isTerm: isTerm) { return term }
            }
        }
        return nil
    }

    /// The infinitive's stem for a finite verb whose particle was separated ("stecke" + "an" → "ansteck").
    static func infinitiveStem(particle: String, finite: String, stemmer: GermanStemmer, isTerm: (String) -> Bool) -> String? {
        for ending in ["est", "et", "st", "t", "e", "en", ""] where finite.hasSuffix(ending) {
            if let term = firstTerm(
                infinitives(particle: particle, base: String(finite.dropLast(ending.count))), stemmer: stemmer, isTerm: isTerm)
            {
                return term
            }
        }
        return nil
    }

    /// "an" + "meld" → "anmelden"; "ver" + "änder" → "veränder(e)n": both infinitive endings.
    private static func infinitives(particle: String, base: String) -> [String] {
        guard base.count >= 2 else { return [] }
        return [particle + base + "en", particle + base + "n"]
    }

    private static func firstTerm(_ candidates: [String], stemmer: GermanStemmer, isTerm: (String) -> Bool) -> String? {
        for candidate in candidates {
            let stem = stemmer.stem(candidate)
            if isTerm(stem) { return stem }
        }
        return nil
    }
}
