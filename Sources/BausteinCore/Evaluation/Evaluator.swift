import Foundation

/// Figures of one evaluation run, as `baustein eval --json` prints them.
public struct EvaluationReport: Sendable, Codable {
    public struct Latency: Sendable, Codable {
        public var p50: Double
        public var p99: Double
    }

    /// A question whose right answer was not ranked first (or that was wrongly answered or abstained).
    public struct Failure: Sendable, Codable {
        public var line: Int
        public var question: String
        public var expected: [String]
        public var got: [String]
        public var abstained: Bool
        /// The file of the line when it is not the `--queries` file (a `--delicate` message).
        public var file: String?
    }

    /// In-domain questions (with an expected id); ranking figures are over these.
    public var queries: Int
    public var top1: Double
    public var mrr3: Double
    public var recall3: Double
    /// How many of all questions the matcher abstained on.
    public var abstained: Int
    /// Share of in-domain questions it abstained on (should be low).
    public var inDomainAbstentionRate: Double
    /// Questions marked `-` (should abstain), and the share it did abstain on.
    public var outOfDomain: Int
    public var outOfDomainAbstentionRate: Double
    public var latencyMs: Latency
    /// Confidence of the first suggestion against how often it was right (out-of-domain questions never are).
    public var reliability: ReliabilityTable
    /// The same over the questions the matcher did not abstain on: the percentages staff see (under an abstention the
    /// suggestions are marked "unsicher", without one).
    public var shownReliability = ReliabilityTable([])
    public var failures: [Failure]
    /// The base's confidence scaling in effect (learned from the outcomes `--learn` recorded).
    public var confidenceScaling: ConfidenceRecalibration = .identity
    /// What the base learned about its groups from the ranking outcomes `--learn` recorded (nil when nothing).
    public var groupPreference: GroupPreference?
    /// Whether the learned evidence earned its place on the outcomes `--learn` recorded (nil when none carry one).
    public var learningCheck: LearningCheck?
    /// Whether the learned phrasings ranked by that check, with the matcher's margin.
    public var learningUsed: Bool?
    /// The abstention bar the base learned from the questions `--learn` answered (nil when it answered none).
    public var domainThreshold: DomainThreshold?
    /// The meaning channel's model, when it was on.
    public var meaningModel: String?
    /// How many questions the escalation categories flagged, by words and by meaning (``EscalationSense``).
    public var flagging = Flagging()
    /// Per question, the first suggestion's features and whether it was right: the data a calibration is fitted on.
    public var samples: [Sample]?

    /// One question's outcome with the first suggestion's evidence.
    public struct Sample: Sendable, Codable {
        public var line: Int
        public var confidence: Double
        public var score: Double
        public var margin: Double
        public var coverage: Double
        public var knownShare: Double
        /// The best meaning similarity, when the meaning channel is on.
        public var meaning: Double?
        /// How spread the question's similarities over the base are (their standard deviation), with the channel on.
        public var meaningSpread: Double?
        /// The best word score over all candidates (what the domain gate reads).
        public var bestScore: Double?
        /// The best word score over all candidates by sure evidence alone (what the domain gate reads).
        public var sureScore: Double?
        /// The first suggestion's meaning similarity, with the channel on (what the domain gate reads).
        public var firstMeaning: Double?
        /// The domain model's chance that the question is about the base, and whether the matcher abstained on it.
        public var domainConfidence: Double?
        public var abstained: Bool?
        public var correct: Bool
        public var outOfDomain: Bool
        /// The snippets that answer it, and every candidate's evidence (with `evidence: true`).
        public var expected: [String]?
        public var candidates: [CandidateEvidence]?
    }

    enum CodingKeys: String, CodingKey {
        case queries, top1, mrr3, recall3, abstained
        case inDomainAbstentionRate = "in_domain_abstention_rate"
        case outOfDomain = "out_of_domain"
        case outOfDomainAbstentionRate = "out_of_domain_abstention_rate"
        case latencyMs = "latency_ms"
        case reliability, failures, samples
        case shownReliability = "reliability_shown"
        case confidenceScaling = "confidence_scaling"
        case groupPreference = "group_preference"
        case learningCheck = "learning_check"
        case learningUsed = "learning_used"
        case domainThreshold = "domain_threshold"
        case meaningModel = "meaning_model"
        case flagging
    }

    /// Flags per kind of question: the base's own (should stay unflagged), foreign ones, and delicate messages
    /// (`!kategorie` lines, should be flagged).
    public struct Flagging: Sendable, Codable, Equatable {
        public struct Count: Sendable, Codable, Equatable {
            public var messages = 0
            /// Flagged by the trigger words, by meaning, by either; and (delicate messages) for the expected category.
            public var byWords = 0
            public var byMeaning = 0
            public var flagged = 0
            public var rightCategory = 0

            public init(messages: Int = 0, byWords: Int = 0, byMeaning: Int = 0, flagged: Int = 0, rightCategory: Int = 0) {
                (self.messages, self.byWords, self.byMeaning, self.flagged, self.rightCategory) = (
                    messages, byWords, byMeaning, flagged, rightCategory
                )
            }

            enum CodingKeys: String, CodingKey {
                case messages, flagged
                case byWords = "by_words"
                case byMeaning = "by_meaning"
                case rightCategory = "right_category"
            }

            mutating func add(_ flags: Evaluator.Flags, expected: String?) {
                messages += 1
                if !flags.words.isEmpty { byWords += 1 }
                if !flags.meaning.isEmpty { byMeaning += 1 }
                if !flags.words.isEmpty || !flags.meaning.isEmpty { flagged += 1 }
                if let expected, flags.words.contains(expected) || flags.meaning.contains(expected) { rightCategory += 1 }
            }
        }

        public var inDomain = Count()
        public var outOfDomain = Count()
        public var delicate = Count()

        enum CodingKeys: String, CodingKey {
            case delicate
            case inDomain = "in_domain"
            case outOfDomain = "out_of_domain"
        }
    }
}

/// Runs labelled questions through the matcher and measures how often the right snippet comes first.
public struct Evaluator {
    public let matcher: Matcher
    /// The escalation categories (`knowledge/escalation.txt`): every question is also checked for the flags intake
    /// would set, by its words and, with the meaning channel on, by meaning.
    public let triggers: EscalationTriggers
    let sense: EscalationSense?

    public init(matcher: Matcher, triggers: EscalationTriggers = EscalationTriggers()) {
        self.matcher = matcher
        self.triggers = triggers
        sense = EscalationSense.of(matcher, triggers: triggers)
    }

    /// The escalation categories a question hit, by its words and by meaning.
    public struct Flags: Sendable, Equatable {
        public var words: [String]
        public var meaning: [String]
    }

    /// Feeds labelled pairs through the learning path staff confirmations use: first the outcome of the
    /// matcher's first suggestion (for the base's confidence scaling) and which suggestions were passed over (for the
    /// group preference), then the phrasing. A pair that should abstain is a reply staff wrote without a snippet: it
    /// teaches the scaling that the first suggestion was wrong, and nothing else.
    ///
    /// - Returns: how many phrasings were new.
    @discardableResult
    public func learn(_ pairs: [LabelledQuery]) throws -> Int {
        var learned = 0
        // A delicate message is asked for its flags only: nothing is learned from it.
        for pair in pairs where pair.flag == nil {
            let result = try matcher.match(pair.question)
            guard !pair.expected.isEmpty else {
                if let first = result.suggestions.first {
                    try matcher.knowledgeBase.recordOutcome(
                        confidence: first.modelConfidence, abstained: result.abstained, correct: false, origin: .evaluation)
                }
                continue
            }
            if let first = result.suggestions.first {
                let check = result.firstLearned.flatMap { learned in
                    result.firstUnlearned.map { (learned: pair.expected.contains(learned), unlearned: pair.expected.contains($0)) }
                }
                try matcher.knowledgeBase.recordOutcome(
                    confidence: first.modelConfidence, abstained: result.abstained, correct: pair.expected.contains(first.snippetID), check: check,
                    answered: result.ranking.map { (domainConfidence: result.domainConfidence, ranking: $0) }, origin: .evaluation)
            }
            try matcher.knowledgeBase.recordRanking(
                shown: result.abstained ? [] : result.suggestions.map(\.snippetID), chosen: pair.expected, origin: .evaluation)
            for id in pair.expected.sorted()
            where try matcher.knowledgeBase.learn(phrasing: pair.question, snippetID: id, origin: .evaluation) {
                learned += 1
            }
        }
        return learned
    }

    /// What the matcher did with one labelled question.
    public struct Outcome: Sendable {
        public var query: LabelledQuery
        public var result: MatchResult
        public var latencyMs: Double
        public var flags = Flags(words: [], meaning: [])
    }

    /// Evaluates the questions; ranking figures ignore abstention, which is reported on its own.
    public func evaluate(_ queries: [LabelledQuery], evidence: Bool = false) throws -> EvaluationReport {
        var report = Self.report(try outcomes(queries, evidence: evidence), confidenceScaling: try matcher.recalibration())
        let preference = try matcher.knowledgeBase.groupPreference(
            strength: matcher.weights.preferenceStrength, minimumLift: matcher.weights.preferenceMinimumLift)
        report.groupPreference = preference.groups.isEmpty ? nil : preference
        let check = try matcher.knowledgeBase.learningCheck()
        report.learningCheck = check.wins + check.losses > 0 ? check : nil
        report.learningUsed = report.learningCheck.map { $0.usesLearning(margin: matcher.weights.learningCheck) }
        let threshold = try matcher.domainThreshold()
        report.domainThreshold = threshold.questions > 0 ? threshold : nil
        return report
    }

    /// Runs each question through the matcher (nothing is learned from them).
    public func outcomes(_ queries: [LabelledQuery], evidence: Bool = false) throws -> [Outcome] {
        // Latency is per question: the one-time load of the index statistics is not part of it.
        try matcher.prepare()
        return try queries.map { query in
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try matcher.match(query.question, limit: 3, withEvidence: evidence)
            let latency = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
            let flags = Flags(
                words: triggers.categories(hitBy: query.question).map(\.id),
                meaning: try sense?.hits(for: query.question, in: matcher.knowledgeBase).map(\.category) ?? [])
            return Outcome(query: query, result: result, latencyMs: latency, flags: flags)
        }
    }

    /// The figures over outcomes, which may come from several bases (the folds of a cross-validation).
    public static func report(_ outcomes: [Outcome], confidenceScaling: ConfidenceRecalibration = .identity) -> EvaluationReport {
        var hits1 = 0
        var hits3 = 0
        var reciprocal = 0.0
        var abstained = 0
        var inDomain = 0
        var inDomainAbstained = 0
        var outOfDomain = 0
        var outOfDomainAbstained = 0
        var latencies: [Double] = []
        var failures: [EvaluationReport.Failure] = []
        var samples: [EvaluationReport.Sample] = []
        var flagging = EvaluationReport.Flagging()
        for outcome in outcomes {
            let (query, result) = (outcome.query, outcome.result)
            if let flag = query.flag {
                flagging.delicate.add(outcome.flags, expected: flag)
                // A delicate message that nothing flagged is a failure: expected "!kategorie", got what was flagged.
                if !(outcome.flags.words + outcome.flags.meaning).contains(flag) {
                    failures.append(
                        .init(
                            line: query.line, question: query.question, expected: ["!" + flag],
                            got: (outcome.flags.words + outcome.flags.meaning).map { "!" + $0 }, abstained: result.abstained,
                            file: query.file))
                }
                continue
            }
            if query.shouldAbstain {
                flagging.outOfDomain.add(outcome.flags, expected: nil)
            } else {
                flagging.inDomain.add(outcome.flags, expected: nil)
            }
            latencies.append(outcome.latencyMs)
            let ranked = result.suggestions.map(\.snippetID)
            if result.abstained { abstained += 1 }
            let first = result.suggestions.first
            samples.append(
                .init(
                    line: query.line, confidence: first?.confidence ?? 0, score: first?.score ?? 0, margin: first?.margin ?? 0,
                    coverage: first?.coverage ?? 0, knownShare: result.knownShare, meaning: result.meaning,
                    meaningSpread: result.meaningSpread, bestScore: result.bestScore, sureScore: result.sureScore, firstMeaning: first?.meaning,
                    domainConfidence: result.domainConfidence, abstained: result.abstained,
                    correct: first.map { query.expected.contains($0.snippetID) } ?? false,
                    outOfDomain: query.shouldAbstain, expected: query.expected.sorted(), candidates: result.candidates))
            if query.shouldAbstain {
                outOfDomain += 1
                if result.abstained {
                    outOfDomainAbstained += 1
                } else {
                    failures.append(.init(line: query.line, question: query.question, expected: [], got: ranked, abstained: false))
                }
                continue
            }
            inDomain += 1
            if result.abstained { inDomainAbstained += 1 }
            if let rank = ranked.firstIndex(where: query.expected.contains) {
                if rank == 0 { hits1 += 1 }
                hits3 += 1
                reciprocal += 1 / Double(rank + 1)
            }
            if ranked.first.map(query.expected.contains) != true || result.abstained {
                failures.append(
                    .init(line: query.line, question: query.question, expected: query.expected.sorted(), got: ranked, abstained: result.abstained))
            }
        }
        let n = Double(max(inDomain, 1))
        var report = EvaluationReport(
            queries: inDomain, top1: Double(hits1) / n, mrr3: reciprocal / n, recall3: Double(hits3) / n, abstained: abstained,
            inDomainAbstentionRate: Double(inDomainAbstained) / n, outOfDomain: outOfDomain,
            outOfDomainAbstentionRate: outOfDomain == 0 ? 0 : Double(outOfDomainAbstained) / Double(outOfDomain),
            latencyMs: .init(p50: latencies.percentile(0.5) ?? 0, p99: latencies.percentile(0.99) ?? 0),
            reliability: ReliabilityTable(samples.map { ($0.confidence, $0.correct) }), failures: failures,
            confidenceScaling: confidenceScaling, samples: samples)
        report.shownReliability = ReliabilityTable(samples.filter { $0.abstained != true }.map { ($0.confidence, $0.correct) })
        report.flagging = flagging
        return report
    }
}
