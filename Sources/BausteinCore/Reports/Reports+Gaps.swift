import Foundation
import GRDB

extension Reports {
    /// Edits that change at least this share of a snippet's words make the question a gap.
    static let heavyEditRatio = 0.3

    /// Clusters the messages since `since` that the snippet base did not answer well: unmatched, escalated,
    /// dismissed as "no fitting answer", or heavily edited before approval.
    ///
    /// What no snippet should answer is no gap: a message closed as spam, abusive, already answered or needing no
    /// reply, and a message whose words hit an escalation category with a suggestion policy (an insult, a lawyer's
    /// letter, a press inquiry), unless staff closed it as "no fitting answer".
    public func gapReport(since: Date) throws -> GapReport {
        let sinceText = Timestamp.format(since)
        let analyzer = try Analyzer()
        return try store.read { db in
            let rows = try Store.gapCandidates(db, since: sinceText)
            var signals: [Int64: [GapReport.Signal]] = [:]
            var texts: [Int64: String] = [:]
            var members: [GapClustering.Member] = []
            // Terms are stems ("bitt"); people read the commonest word form behind each.
            var surfaces: [String: [String: Int]] = [:]
            for row in rows {
                let id = row.id
                let dismissal = row.dismissal
                if let dismissal, Self.notGaps.contains(dismissal) { continue }
                // By its words only: a flag by meaning is less sure, and a question about what the base does not cover
                // (what this report is for) is sometimes closer to a category than to any snippet.
                let delicate = ItemRecord.wordFlags(row.flags).contains { triggers.category($0)?.policy != nil }
                if delicate, dismissal != .noFittingAnswer { continue }
                var found: [GapReport.Signal] = []
                if row.matchedAt != nil, row.abstained { found.append(.unmatched) }
                if row.escalated { found.append(.escalated) }
                if dismissal == .noFittingAnswer { found.append(.noFittingAnswer) }
                if let ratio = row.editRatio, ratio >= Self.heavyEditRatio, [.approved, .queued, .sent, .failed].contains(row.state) {
                    found.append(.heavilyEdited)
                }
                guard !found.isEmpty else { continue }
                let text = row.text
                signals[id] = found
                texts[id] = text
                var terms = Set<String>()
                for word in analyzer.analyze(PersonalDataMask.remove(text)) where Self.isTopical(word) {
                    terms.insert(word.term)
                    surfaces[word.term, default: [:]][word.folded, default: 0] += 1
                }
                members.append(GapClustering.Member(id: id, terms: terms))
            }
            let clusters = try GapClustering().cluster(members).map { group in
                var cluster = try cluster(db, group, signals: signals, texts: texts)
                cluster.terms = cluster.terms.map { term in
                    surfaces[term]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? term
                }
                return cluster
            }
            return GapReport(since: sinceText, messages: members.count, clusters: clusters)
        }
    }

    /// Reasons for closing that say the message needed no snippet.
    static let notGaps: Set<DismissalKind> = [.spam, .abusive, .answered, .noReplyNeeded]

    /// Letter formalities and numbers say nothing about what a citizen asks.
    static let formalities: Set<String> = [
        "guten", "tag", "hallo", "moin", "servus", "sehr", "geehrte", "geehrter", "damen", "herren", "liebe", "lieber", "team",
        "freundlichen", "freundliche", "grüßen", "grüße", "gruß", "mfg", "vg", "lg", "danke", "vielen", "dank", "bitte",
    ]

    static func isTopical(_ word: AnalyzedWord) -> Bool {
        !formalities.contains(word.folded) && word.folded.contains(where: \.isLetter)
    }

    private func cluster(
        _ db: any SQLSession, _ group: [GapClustering.Member], signals: [Int64: [GapReport.Signal]], texts: [Int64: String]
    ) throws -> GapReport.Cluster {
        let ids = group.map(\.id)
        var termCounts: [String: Int] = [:]
        for member in group { for term in member.terms { termCounts[term, default: 0] += 1 } }
        let terms = termCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5).map(\.key)
        var signalCounts: [GapReport.Signal: Int] = [:]
        for id in ids { for signal in signals[id] ?? [] { signalCounts[signal, default: 0] += 1 } }
        let closest = try Store.closestSnippet(db, items: ids)
        return GapReport.Cluster(
            terms: terms, itemIDs: ids, examples: ids.prefix(3).map { PersonalDataMask.mask(texts[$0] ?? "") },
            signals: signalCounts, closestSnippet: closest?.snippetID, closestConfidence: closest?.confidence)
    }
}
