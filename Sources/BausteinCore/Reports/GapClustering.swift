import Foundation

/// Groups short texts by the analysed terms they share: each text joins the cluster whose core terms it overlaps
/// most (IDF-weighted overlap: the shared weight over the smaller of the two sides), or starts a new one.
///
/// A cluster's core terms are those that at least half of its members (and at least two) use, so that one long
/// message cannot pull unrelated questions together. Overlap rather than Jaccard, because every citizen adds
/// details of their own: "Hundesteuer für den zweiten Hund, Rückruf bitte" is about the dog tax however much
/// else it says.
struct GapClustering {
    struct Member {
        var id: Int64
        var terms: Set<String>
    }

    var threshold = 0.4

    func cluster(_ members: [Member]) -> [[Member]] {
        var documentFrequency: [String: Int] = [:]
        for member in members { for term in member.terms { documentFrequency[term, default: 0] += 1 } }
        let count = Double(max(members.count, 1))
        func weight(_ term: String) -> Double { 1 + log(count / Double(documentFrequency[term] ?? 1)) }

        var clusters: [[Member]] = []
        var cores: [Set<String>] = []
        for member in members where !member.terms.isEmpty {
            var best: (index: Int, score: Double)?
            for (index, core) in cores.enumerated() {
                let shared = member.terms.intersection(core).reduce(0) { $0 + weight($1) }
                let smaller = min(member.terms.reduce(0) { $0 + weight($1) }, core.reduce(0) { $0 + weight($1) })
                let score = smaller > 0 ? shared / smaller : 0
                if score >= threshold, score > (best?.score ?? 0) { best = (index, score) }
            }
            if let best {
                clusters[best.index].append(member)
                cores[best.index] = Self.core(of: clusters[best.index])
            } else {
                clusters.append([member])
                cores.append(member.terms)
            }
        }
        return clusters.sorted { ($0.count, -($0.first?.id ?? 0)) > ($1.count, -($1.first?.id ?? 0)) }
    }

    /// Terms used by at least half of the members, and by at least two once there are two: a pair's core is what
    /// they share, not everything either of them said.
    static func core(of members: [Member]) -> Set<String> {
        var counts: [String: Int] = [:]
        for member in members { for term in member.terms { counts[term, default: 0] += 1 } }
        let needed = max((members.count + 1) / 2, min(members.count, 2))
        return Set(counts.filter { $0.value >= needed }.keys)
    }
}
