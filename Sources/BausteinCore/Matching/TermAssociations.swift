import GRDB

/// Term associations learned from confirmed (question, snippet) pairs: a small translation model in the
/// manner of Xue, Jeon & Croft (2008), so that a citizen word learns the snippet words it stands for
/// ("anstecken" → "übertragen") and helps other questions and other snippets too.
///
/// Each learned phrasing is one pair: its terms on the source side, the snippet's title and question terms
/// on the target side. P(t | s) is the share of pairs with `s` whose target has `t`; an association is kept
/// when it was seen in at least `minimumCount` pairs and is `minimumLift` times likelier than `t` in any pair,
/// so that words every snippet has ("corona") are not learned as the translation of everything.
public struct TermAssociations: Sendable {
    public struct Association: Sendable, Equatable {
        public var term: String
        public var probability: Double
    }

    private var associations: [String: [Association]] = [:]

    public static let empty = TermAssociations()

    public init() {}

    /// Builds the model from pairs of (source terms, target terms).
    public init(pairs: [(source: Set<String>, target: Set<String>)], minimumCount: Int = 2, minimumLift: Double = 3, limit: Int = 5) {
        guard !pairs.isEmpty else { return }
        var together: [String: [String: Int]] = [:]
        var sourceCount: [String: Int] = [:]
        var targetCount: [String: Int] = [:]
        for pair in pairs {
            for target in pair.target { targetCount[target, default: 0] += 1 }
            for source in pair.source {
                sourceCount[source, default: 0] += 1
                for target in pair.target where target != source { together[source, default: [:]][target, default: 0] += 1 }
            }
        }
        let total = Double(pairs.count)
        for (source, targets) in together {
            let n = Double(sourceCount[source] ?? 1)
            var kept: [Association] = []
            for (target, count) in targets where count >= minimumCount {
                let probability = Double(count) / n
                let lift = probability / (Double(targetCount[target] ?? 1) / total)
                if lift >= minimumLift { kept.append(Association(term: target, probability: probability)) }
            }
            kept.sort { ($0.probability, $1.term) > ($1.probability, $0.term) }
            if !kept.isEmpty { associations[source] = Array(kept.prefix(limit)) }
        }
    }

    /// Terms associated with `term`, the likeliest first.
    public func associations(of term: String) -> [Association] { associations[term] ?? [] }

    public var isEmpty: Bool { associations.isEmpty }

    /// Reads the pairs from the stored analysis: every learned phrasing against its snippet's title and questions.
    static func load(_ db: Database, minimumCount: Int, minimumLift: Double) throws -> TermAssociations {
        var pairs: [(source: Set<String>, target: Set<String>)] = []
        for row in try KnowledgeBase.learnedAnalyses(db) {
            let target = Set((row.title + "\n" + row.questions).split(whereSeparator: \.isWhitespace).map(String.init))
            for line in row.learned.split(separator: "\n") {
                pairs.append((Set(line.split(separator: " ").map(String.init)), target))
            }
        }
        return TermAssociations(pairs: pairs, minimumCount: minimumCount, minimumLift: minimumLift)
    }
}
