/// Questions the snippet base does not answer well, grouped into clusters of similar questions, biggest first.
public struct GapReport: Sendable, Codable, Equatable {
    /// Why a message counts as a gap; a key of ``Cluster/signals`` (a JSON object keyed by the raw value).
    public enum Signal: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
        /// The matcher abstained: no snippet reached the threshold.
        case unmatched
        /// Staff escalated it to the press office.
        case escalated
        /// Dismissed as "no fitting answer".
        case noFittingAnswer = "no-fitting-answer"
        /// The reply was heavily edited (or written freely) before approval.
        case heavilyEdited = "heavily-edited"

        /// The German words the reports show.
        public var label: String {
            switch self {
            case .unmatched: return "ohne Vorschlag"
            case .escalated: return "eskaliert"
            case .noFittingAnswer: return "geschlossen: keine passende Antwort"
            case .heavilyEdited: return "stark bearbeitet"
            }
        }
    }

    public struct Cluster: Sendable, Codable, Equatable {
        /// The analysed terms most members share: what the cluster is about.
        public var terms: [String]
        public var itemIDs: [Int64]
        /// Up to three member messages, personal data masked.
        public var examples: [String]
        /// How many members carry each signal.
        public var signals: [Signal: Int]

        /// The signals with their counts, in the order the reports list them (by raw value).
        public var sortedSignals: [(signal: Signal, count: Int)] {
            signals.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key, $0.value) }
        }
        /// The snippet suggested most often for the members, and its best confidence.
        public var closestSnippet: String?
        public var closestConfidence: Double?

        public var size: Int { itemIDs.count }
    }

    public var since: String
    /// Gap messages found (with text; purged ones cannot be clustered).
    public var messages: Int
    public var clusters: [Cluster]
}
