import Foundation
import GRDB

/// What staff choices teach about parts of the base: how much likelier than average staff are to take a suggested
/// snippet of a group (its owner, `approved_by`, and each of its tags), learned from recorded ranking outcomes.
///
/// A base often holds snippets that are worded like the question but are not what staff send: an imported external FAQ
/// beside the authority's own texts, or an outdated set. Each confirmation records which shown suggestions were passed
/// over and which snippet was chosen (``KnowledgeBase/recordRanking(shown:chosen:origin:)``). Per group the acceptance
/// rate is estimated with a Beta prior of `strength` outcomes at the base's overall rate, so a group with little evidence
/// stays near neutral; a snippet's prior is the mean log ratio of its groups' rates to the overall rate.
/// Groups, not single snippets: one snippet's few outcomes say more about its question than about the snippet.
///
/// Only what a group's lift has beyond `minimumLift` counts (``MatchWeights/preferenceMinimumLift``): a mild tilt says
/// which topics citizens asked about so far, not which snippets staff avoid. On integreat-de, whose three regions'
/// pages answer alike, the regions drifted to −0.19 … +0.12 and cost questions about pages nobody had asked about
/// (`make eval`, page split, 0.565 → 0.547); covidqa-de's staff took 2 of the 25 suggestions from one source (−1.23).
public struct GroupPreference: Sendable, Codable, Equatable {
    /// A part of the base: the snippets with the same owner (`approved_by`), or with the same tag.
    public struct Key: Sendable, Codable, Hashable, Comparable {
        public enum Kind: String, Sendable, Codable, Comparable {
            case owner, tag

            public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
        }

        public var kind: Kind
        public var name: String

        public init(kind: Kind, name: String) {
            self.kind = kind
            self.name = name
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.kind, lhs.name) < (rhs.kind, rhs.name) }
    }

    /// One group's outcomes and what they teach.
    public struct Group: Sendable, Codable, Equatable {
        public var key: Key
        /// Times one of its snippets was chosen, and times one was shown above the chosen one and passed over.
        public var chosen: Int
        public var passedOver: Int
        /// log(the group's smoothed acceptance rate / the base's).
        public var lift: Double
        /// The lift less the minimum lift, towards 0 (0 within it): what its snippets' rank gets, times the weight.
        public var counted: Double
    }

    /// The groups with outcomes, the least taken first.
    public let groups: [Group]
    /// Per group key whose lift counts, the part that does.
    let counted: [Key: Double]

    init(groups: [Group]) {
        self.groups = groups.sorted { ($0.lift, $0.key) < ($1.lift, $1.key) }
        counted = Dictionary(uniqueKeysWithValues: groups.compactMap { $0.counted == 0 ? nil : ($0.key, $0.counted) })
    }

    enum CodingKeys: String, CodingKey { case groups }

    public init(from decoder: any Decoder) throws {
        self.init(groups: try decoder.container(keyedBy: CodingKeys.self).decode([Group].self, forKey: .groups))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(groups, forKey: .groups)
    }

    static let none = GroupPreference(groups: [])

    /// How many of the newest outcome rows are read: staff habits change, and old choices should fade.
    static let window = 5_000

    /// The group keys of a snippet from the owner and tags its stored document names
    /// (``KnowledgeBase/analysedSnippets(_:docids:)``, ``KnowledgeBase/rankingOutcomes(_:window:)``).
    static func keys(owner: String?, tags: String?) -> [Key] {
        var keys: [Key] = []
        if let owner, !owner.isEmpty { keys.append(Key(kind: .owner, name: owner)) }
        if let tags {
            keys += Set(tags.split(separator: "\u{1F}").map(String.init)).sorted().map { Key(kind: .tag, name: $0) }
        }
        return keys
    }

    /// The mean counted lift of the snippet's groups; 0 (neutral) for groups without outcomes or within the minimum lift.
    func prior(_ groups: [Key]) -> Double {
        guard !counted.isEmpty, !groups.isEmpty else { return 0 }
        return groups.reduce(0) { $0 + (counted[$1] ?? 0) } / Double(groups.count)
    }

    /// Fits the lifts on the newest ranking outcomes.
    ///
    /// - Parameters:
    ///   - strength: the Beta prior's weight in outcomes (at least 1): a group needs about this many to move far.
    ///   - minimumLift: how far from 0 a log lift must be before it counts; only the part beyond it does.
    static func load(_ db: Database, strength: Double, minimumLift: Double) throws -> GroupPreference {
        var counts: [Key: (chosen: Int, passed: Int)] = [:]
        var total = (chosen: 0, passed: 0)
        for (owner, tags, chosen, passed) in try KnowledgeBase.rankingOutcomes(db, window: window) {
            total = (total.chosen + chosen, total.passed + passed)
            for key in keys(owner: owner, tags: tags) {
                let known = counts[key] ?? (0, 0)
                counts[key] = (known.chosen + chosen, known.passed + passed)
            }
        }
        // Nothing passed over (or nothing chosen) yet: there is no contrast to learn from.
        guard total.chosen > 0, total.passed > 0 else { return .none }
        let rate = Double(total.chosen) / Double(total.chosen + total.passed)
        let prior = max(strength, 1)
        return GroupPreference(
            groups: counts.map { key, count in
                let smoothed = (Double(count.chosen) + prior * rate) / (Double(count.chosen + count.passed) + prior)
                let lift = log(smoothed / rate)
                let beyond = max(abs(lift) - max(minimumLift, 0), 0)
                return Group(key: key, chosen: count.chosen, passedOver: count.passed, lift: lift, counted: lift < 0 ? -beyond : beyond)
            })
    }
}
