import Foundation
import GRDB

extension Workflow {
    /// Usage of every active snippet, most chosen first.
    public func snippetUsage() throws -> [SnippetUsage] {
        try knowledgeBase.store.read { db in try Self.usage(db) }
    }

    static func usage(_ db: Database) throws -> [SnippetUsage] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, s.title,
                    (SELECT COUNT(*) FROM suggestion WHERE suggestion.snippetId = s.id) AS suggested,
                    (SELECT COUNT(*) FROM audit WHERE audit.snippetId = s.id AND audit.action IN ('confirm', 'edit')) AS chosen,
                    (SELECT COUNT(*) FROM audit WHERE audit.snippetId = s.id AND audit.action = 'edit') AS edited,
                    (SELECT MAX(at) FROM audit WHERE audit.snippetId = s.id AND audit.action IN ('confirm', 'edit')) AS lastChosen
                FROM snippet s WHERE s.active = 1 ORDER BY chosen DESC, suggested DESC, s.id
                """
        ).map { row in
            SnippetUsage(
                snippetID: row["id"], title: row["title"], suggested: row["suggested"], chosen: row["chosen"], edited: row["edited"],
                lastChosen: row["lastChosen"])
        }
    }

    /// Snippets past `review_by`, expiring within `expiringWithin` days, expired or not yet valid, or not chosen
    /// for `unusedDays` days although they have existed that long.
    public func staleReport(expiringWithin: Int = 30, unusedDays: Int = 180) throws -> StaleReport {
        let now = clock.now()
        let today = clock.today
        let horizon = Day(now.addingTimeInterval(Double(expiringWithin) * 86_400))
        let unusedSince = Timestamp.format(now.addingTimeInterval(-Double(unusedDays) * 86_400))
        return try knowledgeBase.store.read { db in
            let usage = Dictionary(uniqueKeysWithValues: try Self.usage(db).map { ($0.snippetID, $0) })
            var entries: [StaleReport.Entry] = []
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT s.id, s.document, (SELECT MIN(syncedAt) FROM snippet_version v WHERE v.snippetId = s.id) AS since
                    FROM snippet s WHERE s.active = 1 ORDER BY s.id
                    """)
            for row in rows {
                let snippet = try KnowledgeBase.decode(row["document"])
                var reasons: [StaleReport.Reason] = []
                if let reviewBy = snippet.reviewBy, reviewBy < today { reasons.append(.reviewOverdue(since: reviewBy.description)) }
                if let validUntil = snippet.validUntil {
                    if validUntil < today {
                        reasons.append(.expired(on: validUntil.description))
                    } else if validUntil <= horizon {
                        reasons.append(.expiresSoon(on: validUntil.description))
                    }
                }
                if let validFrom = snippet.validFrom, today < validFrom { reasons.append(.notYetValid(from: validFrom.description)) }
                let use = usage[snippet.id]
                let existedLongEnough = (row["since"] as String? ?? "") <= unusedSince
                if existedLongEnough, (use?.lastChosen ?? "") < unusedSince { reasons.append(.unused(days: unusedDays)) }
                guard !reasons.isEmpty else { continue }
                let entryUsage = use ?? SnippetUsage(snippetID: snippet.id, title: snippet.title, suggested: 0, chosen: 0, edited: 0)
                entries.append(StaleReport.Entry(usage: entryUsage, reasons: reasons))
            }
            return StaleReport(today: today.description, entries: entries)
        }
    }
}
