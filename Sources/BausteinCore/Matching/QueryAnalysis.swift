/// How a query term was found for a citizen's word; shown to staff as the reason for a suggestion.
public enum TermOrigin: String, Sendable, Codable, Hashable {
    /// The word's own stem.
    case exact
    /// A part of the word, found by compound splitting against the index vocabulary.
    case compoundPart = "compound"
    /// An index compound that contains the word ("Müll" → "Sperrmüll").
    case compound = "contained-in"
    /// A curated synonym or abbreviation from `knowledge/synonyms.txt`.
    case synonym
    /// The closest index term to a misspelt word.
    case typo
    /// A synonym from the general thesaurus (openthesaurus-de), filtered by the index vocabulary.
    case thesaurus
    /// A term learned to go with the word from confirmed question–snippet pairs.
    case association
    /// The infinitive of a participle, a zu-infinitive or a verb whose particle was moved to the end of the
    /// clause ("stecke … an" → "anstecken", "getestet" → "testen").
    case verbForm = "verb-form"
    /// Not a word: the snippet is close in meaning to the whole question (the meaning channel).
    case meaning
    /// Not a word: a question confirmed for the snippet before (`word`) is close in meaning to this one.
    case askedBefore = "asked-before"
}

/// One alternative term for a citizen's word, with the weight of its evidence.
public struct QueryTerm: Sendable, Hashable {
    /// The citizen's word it stands for.
    public var word: String
    public var term: String
    public var weight: Double
    public var origin: TermOrigin
}

/// A citizen's word and the index terms that may stand for it.
public struct QuerySlot: Sendable {
    /// The word as written (normalised).
    public var word: String
    public var alternatives: [QueryTerm]
    /// True when nothing in the index matches the word at all.
    public var isUnknown: Bool { alternatives.isEmpty }
}

/// A citizen's question after analysis against the index: one slot per content word.
public struct QueryAnalysis: Sendable {
    public var slots: [QuerySlot]

    /// Whether a learned term association stands for one of the words (the question then scores differently without
    /// what was learned, ``LearningCheck``).
    public var hasAssociations: Bool { slots.contains { $0.alternatives.contains { $0.origin == .association } } }

    /// Every distinct term worth searching for.
    public var searchTerms: [String] {
        var seen: Set<String> = []
        return slots.flatMap(\.alternatives).map(\.term).filter { seen.insert($0).inserted }
    }

    /// The terms that find candidates: all of them, except index compounds that merely contain a citizen's word,
    /// and terms in more than `maximumFrequency` snippets while at least `keep` rarer ones remain. A very common
    /// term finds thousands of snippets that FTS5 must all rank, yet tells little apart; the candidates' scoring
    /// still counts it. At most `limit` terms are kept, those with the most evidence (weight × idf) first: every
    /// term costs FTS5 a posting-list scan.
    public func candidateTerms(in vocabulary: Vocabulary, maximumFrequency: Int, keep: Int = 3, limit: Int = .max) -> [String] {
        var evidence: [String: Double] = [:]
        var terms: [String] = []
        for alternative in slots.flatMap(\.alternatives) where alternative.origin != .compound {
            let value = alternative.weight * vocabulary.idf(alternative.term)
            if let known = evidence[alternative.term] {
                evidence[alternative.term] = max(known, value)
            } else {
                evidence[alternative.term] = value
                terms.append(alternative.term)
            }
        }
        var chosen: [String]
        let rare = terms.filter { vocabulary.frequency(of: $0) <= maximumFrequency }
        if rare.count >= keep || rare.count == terms.count {
            chosen = rare
        } else {
            let common = terms.filter { vocabulary.frequency(of: $0) > maximumFrequency }
                .sorted { vocabulary.frequency(of: $0) < vocabulary.frequency(of: $1) }
            chosen = rare + common.prefix(keep - rare.count)
        }
        guard chosen.count > limit else { return chosen }
        let strongest = Set(chosen.sorted { (evidence[$0] ?? 0, $1) > (evidence[$1] ?? 0, $0) }.prefix(limit))
        return chosen.filter(strongest.contains)
    }

    /// Analyses a question: stems, compound parts, compounds containing the word, synonyms, typo corrections.
    ///
    /// - Parameter wordSlots: the slots of one word; by default ``slots(for:analyzer:vocabulary:thesaurus:associations:weights:)``,
    ///   a matcher passes a cached version of it (the same words come back in message after message).
    public static func analyze(
        _ text: String, analyzer: Analyzer, vocabulary: Vocabulary, synonyms: SynonymTable, thesaurus: Thesaurus = .empty,
        associations: TermAssociations = .empty, weights: MatchWeights, wordSlots: ((AnalyzedWord) -> [QuerySlot])? = nil
    ) -> QueryAnalysis {
        let words = analyzer.analyze(text)
        var slots: [QuerySlot] = []
        var mainSlots: [Int] = []  // the main slot of each word
        for word in words {
            let own =
                wordSlots?(word)
                ?? Self.slots(
                    for: word, analyzer: analyzer, vocabulary: vocabulary, thesaurus: thesaurus, associations: associations,
                    weights: weights)
            slots += own
            mainSlots.append(slots.count - 1)
        }
        // Synonyms are matched on the words' stems, so multi-word entries ("ID Karte") work too.
        let stems = words.map(\.term)
        var position = 0
        for expansion in synonyms.expansions(of: stems) {
            while position < words.count, !expansion.matchedTerms.contains(words[position].term) { position += 1 }
            guard !mainSlots.isEmpty else { break }
            let slotIndex = mainSlots[min(position, mainSlots.count - 1)]
            for term in expansion.terms where vocabulary.contains(term) {
                slots[slotIndex].alternatives.append(
                    QueryTerm(word: expansion.matched, term: term, weight: weights.synonym, origin: .synonym))
            }
        }
        if weights.verbForm > 0 {
            // A particle at the end of a clause belongs to its verb: "Wie melde ich mich um?" asks about "ummelden".
            let surfaces = words.map(\.surface)
            for verb in VerbForms.separatedVerbs(in: TextFolding.normalize(text), stemmer: analyzer.stemmer, isTerm: vocabulary.contains) {
                let term = QueryTerm(word: "\(verb.verb) … \(verb.particle)", term: verb.term, weight: weights.verbForm, origin: .verbForm)
                if let position = surfaces.firstIndex(of: verb.verb) {
                    slots[mainSlots[position]].alternatives.append(term)
                } else {
                    // Finite verbs such as "geht" are stop words on their own.
                    slots.append(QuerySlot(word: term.word, alternatives: [term]))
                }
            }
        }
        for index in slots.indices { slots[index].alternatives = deduplicated(slots[index].alternatives) }
        return QueryAnalysis(slots: slots)
    }

    /// The slots of one word, from the index alone (no neighbouring words): the word's own terms, or, for an
    /// unknown compound, one slot per part with the last part as the word's main slot.
    public static func slots(
        for word: AnalyzedWord, analyzer: Analyzer, vocabulary: Vocabulary, thesaurus: Thesaurus, associations: TermAssociations,
        weights: MatchWeights
    ) -> [QuerySlot] {
        var slots: [QuerySlot] = []
        var alternatives: [QueryTerm] = []
        let known = vocabulary.contains(word.term)
        if known { alternatives.append(QueryTerm(word: word.surface, term: word.term, weight: 1, origin: .exact)) }
        if let parts = vocabulary.splitCompound(word.folded, stemmer: analyzer.stemmer) {
            if known {
                let weight = weights.compoundPartOfKnownWord
                alternatives += parts.map { QueryTerm(word: word.surface, term: $0, weight: weight, origin: .compoundPart) }
            } else {
                // An unknown compound stands for all of its parts: each part is evidence of its own.
                for part in parts.dropLast() {
                    let term = QueryTerm(word: word.surface, term: part, weight: weights.compoundPart, origin: .compoundPart)
                    slots.append(QuerySlot(word: word.surface, alternatives: [term]))
                }
                alternatives.append(
                    QueryTerm(word: word.surface, term: parts.last!, weight: weights.compoundPart, origin: .compoundPart))
            }
        }
        if weights.verbForm > 0,
            let term = VerbForms.infinitiveStem(ofWord: word.folded, stemmer: analyzer.stemmer, isTerm: vocabulary.contains),
            term != word.term
        {
            alternatives.append(QueryTerm(word: word.surface, term: term, weight: weights.verbForm, origin: .verbForm))
        }
        if !known && alternatives.isEmpty {
            alternatives += vocabulary.corrections(for: word.term).map { QueryTerm(word: word.surface, term: $0, weight: weights.typo, origin: .typo) }
        }
        if weights.containedIn > 0 {
            // Only the word itself (or its correction): parts of a compound already say less than the word.
            let own = alternatives.filter { $0.origin == .exact || $0.origin == .typo }.map(\.term)
            for term in Set(own + [word.term]) where term.count >= 4 {
                alternatives += vocabulary.compoundsContaining(term, limit: 3).map {
                    QueryTerm(word: word.surface, term: $0, weight: weights.containedIn, origin: .compound)
                }
            }
        }
        if weights.thesaurus > 0 {
            let limit = Int(weights.thesaurusTerms)
            for term in Set([word.term] + alternatives.filter { $0.origin == .typo }.map(\.term)) {
                alternatives += thesaurus.expansions(of: term, in: vocabulary, limit: limit).map {
                    QueryTerm(word: word.surface, term: $0, weight: weights.thesaurus, origin: .thesaurus)
                }
            }
        }
        if weights.association > 0 {
            alternatives += associations.associations(of: word.term).map {
                QueryTerm(word: word.surface, term: $0.term, weight: weights.association * $0.probability, origin: .association)
            }
        }
        slots.append(QuerySlot(word: word.surface, alternatives: alternatives))
        return slots
    }

    private static func deduplicated(_ terms: [QueryTerm]) -> [QueryTerm] {
        var best: [String: QueryTerm] = [:]
        for term in terms where (best[term.term]?.weight ?? -1) < term.weight { best[term.term] = term }
        return terms.compactMap { term in
            guard let chosen = best[term.term], chosen == term else { return nil }
            best[term.term] = nil
            return chosen
        }
    }
}
