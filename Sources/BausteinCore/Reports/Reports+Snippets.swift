import Foundation

extension Reports {
    /// Usage of every active snippet, most chosen first.
    public func snippetUsage() throws -> [SnippetUsage] {
        try store.snippetUsage()
    }

    /// Snippets past `review_by`, expiring within `expiringWithin` days, expired or not yet valid, or not chosen
    /// for `unusedDays` days although they have existed that long.
    public func staleReport(expiringWithin: Int = 30, unusedDays: Int = 180) throws -> StaleReport {
        let now = clock.now()
        let today = clock.today
        let horizon = Day(now.addingTimeInterval(Double(expiringWithin) * 86_400))
        let unusedSince = Timestamp.format(now.addingTimeInterval(-Double(unusedDays) * 86_400))
        let inputs = try store.staleReportInputs()
        let usage = Dictionary(uniqueKeysWithValues: inputs.usage.map { ($0.snippetID, $0) })
        var entries: [StaleReport.Entry] = []
        for (snippet, since) in inputs.snippets {
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
            let existedLongEnough = (since ?? "") <= unusedSince
            if existedLongEnough, (use?.lastChosen ?? "") < unusedSince { reasons.append(.unused(days: unusedDays)) }
            guard !reasons.isEmpty else { continue }
            let entryUsage = use ?? SnippetUsage(snippetID: snippet.id, title: snippet.title, suggested: 0, chosen: 0, edited: 0)
            entries.append(StaleReport.Entry(usage: entryUsage, reasons: reasons))
        }
        return StaleReport(today: today.description, entries: entries)
    }
}
