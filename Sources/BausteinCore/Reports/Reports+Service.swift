import Foundation

extension Reports {
    /// The service figures for messages received since `since` (up to now).
    public func serviceReport(since: Date) throws -> ServiceReport {
        let now = clock.now()
        let sinceText = Timestamp.format(since)
        let (items, rowsByItem, titles) = try store.serviceInputs(since: sinceText)
        var report = ServiceReport(
            since: sinceText, until: Timestamp.format(now), days: max(1, Int((now.timeIntervalSince(since) / 86_400).rounded())),
            messages: items.count, messagesByChannel: [:], messagesByDay: [], replies: 0, topSnippets: [])
        var perDay: [String: [String: Int]] = [:]
        var replyHours: [Double] = []
        var pressHours: [Double] = []
        var handling: [Double] = []
        var within24h = 0
        var unchanged = 0
        var escalated = 0
        var dismissed = 0
        var snippetUses: [String: Int] = [:]
        for item in items {
            let channel = item.channel
            let received = Timestamp.parse(item.receivedAt) ?? now
            report.messagesByChannel[channel, default: 0] += 1
            perDay[Day(received).description, default: [:]][channel, default: 0] += 1
            let rows = rowsByItem[item.id] ?? []
            if item.state == .dismissed { dismissed += 1 }
            if rows.contains(where: { $0.action == .review(.escalate) }) { escalated += 1 }
            let seconds = item.handlingSeconds
            if seconds > 0 { handling.append(seconds) }
            if let handOver = rows.first(where: { [.review(.export), .review(.markSent)].contains($0.action) }),
                let at = Timestamp.parse(handOver.at)
            {
                report.replies += 1
                let hours = at.timeIntervalSince(received) / 3600
                replyHours.append(hours)
                if hours <= 24 { within24h += 1 }
                if !item.replyEdited { unchanged += 1 }
                if let snippet = item.snippetId { snippetUses[snippet, default: 0] += 1 }
            }
            pressHours += Self.pressWaits(rows)
        }
        report.messagesByDay = perDay.keys.sorted().flatMap { day in
            perDay[day]!.keys.sorted().map { ServiceReport.ChannelDay(day: day, channel: $0, messages: perDay[day]![$0]!) }
        }
        report.replyHoursP50 = Percentile.of(replyHours, 50)
        report.replyHoursP90 = Percentile.of(replyHours, 90)
        let answerable = items.count - dismissed
        report.answeredWithin24h = answerable > 0 ? Double(within24h) / Double(answerable) : nil
        report.unchangedShare = report.replies > 0 ? Double(unchanged) / Double(report.replies) : nil
        report.escalationRate = items.isEmpty ? nil : Double(escalated) / Double(items.count)
        report.dismissalRate = items.isEmpty ? nil : Double(dismissed) / Double(items.count)
        report.pressApprovalHoursP50 = Percentile.of(pressHours, 50)
        report.topSnippets = snippetUses.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(10).map { id, count in
            ServiceReport.SnippetUse(snippetID: id, title: titles[id] ?? id, replies: count)
        }
        if let median = Percentile.of(handling, 50) {
            report.handlingMinutesP50 = median / 60
            let perWeek = Double(items.count) / Double(report.days) * 7
            report.staffHoursPerWeek = perWeek * median / 3600
        }
        return report
    }

    /// Hours each reply of an item waited for the press office: from entering a press state until it is approved (by
    /// approve, or by a rewrite where no second approval is needed). A rewrite under the four-eyes rule keeps the reply
    /// waiting for the colleague's approval, so the wait runs on; a return ends it without a figure.
    static func pressWaits(_ rows: [AuditEntry]) -> [Double] {
        var waits: [Double] = []
        var waitingSince: Date?
        for row in rows {
            let to = row.toState
            let approval = [.review(.approve), .review(.rewrite)].contains(row.action)
            if approval, to == .approved, let start = waitingSince, let end = Timestamp.parse(row.at) {
                waits.append(end.timeIntervalSince(start) / 3600)
                waitingSince = nil
            } else if let to, to.stage == .press {
                if waitingSince == nil { waitingSince = Timestamp.parse(row.at) }
            } else if to != nil {
                waitingSince = nil
            }
        }
        return waits
    }
}
