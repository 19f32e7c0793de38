import Foundation

/// The whole `make eval` comparison: each base, ranked by words alone, by meaning alone and by both, cold and after
/// learning, on fresh in-memory bases.
///
/// Settings, each on the base's labelled questions: cold (nothing learned); warm, learning the odd lines and asking the
/// even ones (with the even lines cold beside it); 5-fold cross-validated learning; the page split (learn the questions
/// of pages in half A, ask those of half B, with B cold beside it: learning must not bury pages nobody asked about);
/// and the other bases' questions, which the base should abstain on.
public struct EvaluationSuite {
    /// What orders the suggestions.
    public enum Ranking: String, Sendable, Codable, CaseIterable {
        /// The word matcher alone (no sentence model).
        case words
        /// The meaning channel alone: the similarity and the learned phrasings by meaning, no word score.
        case meaning
        /// Both, as Baustein ranks.
        case fused
    }

    public enum Setting: String, Sendable, Codable, CaseIterable {
        case cold, coldEven, warmOddEven, folds, splitCold, splitWarm, foreign
        /// The other bases' questions asked of each fold's base after it learned (one answer per question and fold).
        case foldsForeign
    }

    /// One labelled base.
    public struct Base: Sendable {
        public var name: String
        public var sources: [SnippetSource]
        public var queries: [LabelledQuery]
        /// Questions of other bases, each marked `-` (should abstain), per base they come from.
        public var foreign: [ForeignQuestions]

        public init(name: String, sources: [SnippetSource], queries: [LabelledQuery], foreign: [ForeignQuestions]) {
            self.name = name
            self.sources = sources
            self.queries = queries
            self.foreign = foreign
        }
    }

    /// One other base's questions, asked as foreign ones.
    public struct ForeignQuestions: Sendable {
        public var name: String
        public var queries: [LabelledQuery]

        public init(name: String, queries: [LabelledQuery]) {
            self.name = name
            self.queries = queries
        }
    }

    /// How often the base abstained on one other base's questions: bases that overlap in topic answer part of each
    /// other's questions, so the share says which pair overlaps.
    public struct ForeignAbstention: Sendable, Codable {
        public var name: String
        public var questions: Int
        /// Cold, and after learning (the 5-fold bases, each asked every question).
        public var abstentionRate: Double
        public var foldsAbstentionRate: Double

        enum CodingKeys: String, CodingKey {
            case name, questions
            case abstentionRate = "abstention_rate"
            case foldsAbstentionRate = "folds_abstention_rate"
        }
    }

    /// The figures of one setting under one ranking.
    public struct Figures: Sendable, Codable {
        public var report: EvaluationReport
        public var learned: Int
    }

    public struct BaseResult: Sendable, Codable {
        public var name: String
        public var figures: [Ranking: [Setting: Figures]]
        /// Per ranking, the abstention on each other base's questions (in the order of ``Base/foreign``).
        public var foreignAbstention: [Ranking: [ForeignAbstention]] = [:]

        enum CodingKeys: String, CodingKey {
            case name, figures
            case foreignAbstention = "foreign_abstention"
        }
    }

    public let resources: KnowledgeResources
    public let weights: MatchWeights
    public let embedder: (any TextEmbedder)?
    public let cache: EmbeddingCache?
    public var folds = 5
    /// The escalation categories each question is checked against (flags by words and by meaning).
    public var triggers = EscalationTriggers()
    /// Delicate messages (`!kategorie` lines), asked of every base cold for their flags only.
    public var delicate: [LabelledQuery] = []

    /// - Parameters:
    ///   - embedder: the sentence model; without one only the words are ranked.
    ///   - cache: where the snippets' vectors are kept between fresh bases (else each base keeps its own).
    public init(resources: KnowledgeResources, weights: MatchWeights, embedder: (any TextEmbedder)?, cache: EmbeddingCache?) {
        self.resources = resources
        self.weights = weights
        self.embedder = embedder
        self.cache = cache
    }

    /// The rankings this suite can compare: all three with a sentence model, else the words alone.
    public var rankings: [Ranking] { embedder == nil ? [.words] : Ranking.allCases }

    /// A fresh base of `sources` that has learned nothing, ranking as asked.
    public func evaluator(_ sources: [SnippetSource], ranking: Ranking) throws -> Evaluator {
        let knowledgeBase = try KnowledgeBase.inMemory()
        try knowledgeBase.sync(sources)
        var weights = self.weights
        if ranking == .meaning { weights.rankByMeaningAlone() }
        let meaning = ranking == .words ? nil : embedder.map { MeaningChannel(embedder: $0, cache: cache ?? knowledgeBase.embeddingCache) }
        let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: resources, weights: weights, meaning: meaning)
        // As `baustein sync` does: the base's example questions give it its first confidence scaling.
        try matcher.checkExamples()
        return Evaluator(matcher: matcher, triggers: triggers)
    }

    /// The share of `outcomes` the matcher abstained on (0 for none).
    static func abstentionRate<Outcomes: Collection<Evaluator.Outcome>>(_ outcomes: Outcomes) -> Double {
        outcomes.isEmpty ? 0 : Double(outcomes.filter(\.result.abstained).count) / Double(outcomes.count)
    }

    /// Runs every setting of one base under every ranking.
    ///
    /// - Parameter progress: called before each run with the ranking and setting.
    public func run(_ base: Base, progress: (Ranking, Setting) -> Void = { _, _ in }) throws -> BaseResult {
        var figures: [Ranking: [Setting: Figures]] = [:]
        var foreignAbstention: [Ranking: [ForeignAbstention]] = [:]
        let own = base.queries
        let inDomain = own.filter(\.isInDomain)
        let odd = inDomain.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let even = inDomain.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let (a, b) = PageHalf.split(inDomain)
        for ranking in rankings {
            func fresh() throws -> Evaluator { try evaluator(base.sources, ranking: ranking) }
            var row: [Setting: Figures] = [:]
            progress(ranking, .cold)
            let coldEvaluator = try fresh()
            row[.cold] = Figures(report: Evaluator.report(try coldEvaluator.outcomes(own + delicate)), learned: 0)
            progress(ranking, .foreign)
            let foreign = try base.foreign.map { other in try coldEvaluator.outcomes(other.queries) }
            row[.foreign] = Figures(report: Evaluator.report(foreign.flatMap { $0 }), learned: 0)
            progress(ranking, .warmOddEven)
            let halves = try Evaluator.learnThenAsk(learn: odd, ask: even, fresh: fresh)
            row[.coldEven] = Figures(report: Evaluator.report(halves.cold), learned: 0)
            row[.warmOddEven] = Figures(report: Evaluator.report(halves.warm), learned: odd.count)
            progress(ranking, .folds)
            // What a base learned from its own questions (its abstention bar above all) is checked on foreign ones too.
            let foreignQueries = base.foreign.flatMap(\.queries)
            let folded = try Evaluator.crossValidate(own, folds: folds, fresh: fresh, alsoAsk: foreignQueries)
            row[.folds] = Figures(report: Evaluator.report(folded.outcomes), learned: folded.learned)
            row[.foldsForeign] = Figures(report: Evaluator.report(folded.also.flatMap { $0 }), learned: folded.learned)
            var offset = 0
            foreignAbstention[ranking] = zip(base.foreign, foreign).map { other, cold in
                let range = offset..<(offset + other.queries.count)
                offset += other.queries.count
                let learned = folded.also.flatMap { $0[range] }
                return ForeignAbstention(
                    name: other.name, questions: other.queries.count, abstentionRate: Self.abstentionRate(cold),
                    foldsAbstentionRate: Self.abstentionRate(learned))
            }
            progress(ranking, .splitWarm)
            let split = try Evaluator.learnThenAsk(learn: a, ask: b, fresh: fresh)
            row[.splitCold] = Figures(report: Evaluator.report(split.cold), learned: 0)
            row[.splitWarm] = Figures(report: Evaluator.report(split.warm), learned: a.count)
            figures[ranking] = row
        }
        return BaseResult(name: base.name, figures: figures, foreignAbstention: foreignAbstention)
    }
}
