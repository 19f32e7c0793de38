import Foundation

/// One self-contained HTML page (no external assets, charts as inline SVG) with the service figures, the daily
/// volume, knowledge gaps and snippets to re-check, in German.
public struct HTMLReport {
    public var authority: String
    public var generatedAt: String
    public var service: ServiceReport
    public var gaps: GapReport
    public var stale: StaleReport

    public init(authority: String, generatedAt: String, service: ServiceReport, gaps: GapReport, stale: StaleReport) {
        self.authority = authority
        self.generatedAt = generatedAt
        self.service = service
        self.gaps = gaps
        self.stale = stale
    }

    public func render() -> String {
        """
        <!DOCTYPE html>
        <html lang="de">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Baustein-Bericht – \(escape(authority))</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2rem auto; max-width: 960px; color: #1d2733; padding: 0 1rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 2px solid #d5dde6; padding-bottom: .3rem; }
        .meta { color: #5b6b7c; } .cards { display: flex; flex-wrap: wrap; gap: .8rem; }
        .card { background: #f2f5f8; border-radius: 6px; padding: .8rem 1rem; min-width: 150px; flex: 1; }
        .card b { display: block; font-size: 1.5rem; color: #0b5394; } table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
        th { background: #f2f5f8; } td.n { text-align: right; } .example { color: #3c4b5a; font-style: italic; }
        .empty { color: #5b6b7c; }
        </style>
        </head>
        <body>
        <h1>Bürgerkommunikation: Bericht</h1>
        <p class="meta">\(escape(authority)) · Zeitraum \(day(service.since)) bis \(day(service.until)) (\(service.days) Tage) · erstellt \(escape(generatedAt))</p>
        <h2>Kennzahlen</h2>
        <div class="cards">
        \(card("Anfragen", "\(service.messages)"))
        \(card("Antworten", "\(service.replies)"))
        \(card("Antwortzeit (Median)", hours(service.replyHoursP50)))
        \(card("Antwortzeit (90 %)", hours(service.replyHoursP90)))
        \(card("Beantwortet in 24 h", percent(service.answeredWithin24h)))
        \(card("Unverändert aus Textbaustein", percent(service.unchangedShare)))
        \(card("Eskaliert", percent(service.escalationRate)))
        \(card("Ohne Antwort geschlossen", percent(service.dismissalRate)))
        \(card("Freigabe Pressestelle (Median)", hours(service.pressApprovalHoursP50)))
        \(card("Bearbeitungszeit je Anfrage", service.handlingMinutesP50.map { GermanNumber.decimal($0) + " Min." } ?? "–"))
        \(card("Personalbedarf", service.staffHoursPerWeek.map { GermanNumber.decimal($0) + " Std./Woche" } ?? "–"))
        </div>
        <h2>Anfragen pro Tag</h2>
        \(volumeChart())
        <h2>Anfragen nach Kanal</h2>
        \(channelTable())
        <h2>Meistgenutzte Textbausteine</h2>
        \(topSnippets())
        <h2>Wissenslücken: Fragen ohne passenden Textbaustein</h2>
        \(gapSection())
        <h2>Textbausteine zur Überprüfung</h2>
        \(staleSection())
        <p class="meta">Personenbezogene Daten (E-Mail-Adressen, Telefonnummern, IBAN, Anschriften) sind in diesem Bericht unkenntlich gemacht.</p>
        </body>
        </html>

        """
    }

    /// Daily totals as an inline SVG bar chart.
    func volumeChart() -> String {
        var totals: [String: Int] = [:]
        for entry in service.messagesByDay { totals[entry.day, default: 0] += entry.messages }
        guard !totals.isEmpty else { return "<p class=\"empty\">Keine Anfragen im Zeitraum.</p>" }
        // Every day of the period, quiet days as zero, so the chart shows the rhythm of the week.
        var days: [String] = []
        if let start = Timestamp.parse(service.since), let end = Timestamp.parse(service.until) {
            var instant = start
            while instant <= end.addingTimeInterval(1), days.count < 400 {
                let day = Day(instant).description
                if days.last != day { days.append(day) }
                instant.addTimeInterval(86_400)
            }
            if let last = days.last, last < Day(end).description { days.append(Day(end).description) }
        }
        days = Array(Set(days).union(totals.keys)).sorted()
        let width = 900.0
        let height = 220.0
        let left = 40.0
        let bottom = 40.0
        let maximum = Double(totals.values.max() ?? 1)
        let slot = (width - left) / Double(days.count)
        var bars: [String] = []
        for (index, day) in days.enumerated() {
            let count = Double(totals[day] ?? 0)
            // 20 points above the tallest bar, so that its count label stays inside the chart.
            let barHeight = (height - bottom - 20) * count / maximum
            let barWidth = min(slot * 0.7, 40)
            let x = left + Double(index) * slot + (slot - barWidth) / 2
            let y = height - bottom - barHeight
            bars.append(
                "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barWidth))\" height=\"\(f(barHeight))\" fill=\"#0b5394\"><title>\(day): \(Int(count))</title></rect>")
            let center = x + barWidth / 2
            if count > 0 {
                bars.append("<text x=\"\(f(center))\" y=\"\(f(y - 4))\" font-size=\"11\" text-anchor=\"middle\">\(Int(count))</text>")
            }
            if index % (days.count / 10 + 1) == 0 || index == days.count - 1 {
                let label = String(day.suffix(5))
                bars.append("<text x=\"\(f(center))\" y=\"\(f(height - bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">\(label)</text>")
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="Anfragen pro Tag">
            <line x1="\(Int(left))" y1="\(Int(height - bottom))" x2="\(Int(width))" y2="\(Int(height - bottom))" stroke="#8a99a8"/>
            <text x="4" y="14" font-size="11">max \(Int(maximum))</text>
            \(bars.joined(separator: "\n"))
            </svg>
            """
    }

    private func channelTable() -> String {
        guard !service.messagesByChannel.isEmpty else { return "<p class=\"empty\">Keine Anfragen im Zeitraum.</p>" }
        let rows = service.messagesByChannel.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "<tr><td>\(escape($0.key))</td><td class=\"n\">\($0.value)</td></tr>" }
        return "<table><tr><th>Kanal</th><th>Anfragen</th></tr>\(rows.joined())</table>"
    }

    private func topSnippets() -> String {
        guard !service.topSnippets.isEmpty else { return "<p class=\"empty\">Noch keine Antworten im Zeitraum.</p>" }
        let rows = service.topSnippets.map {
            "<tr><td>\(escape($0.title))<br><small>\(escape($0.snippetID))</small></td><td class=\"n\">\($0.replies)</td></tr>"
        }
        return "<table><tr><th>Textbaustein</th><th>Antworten</th></tr>\(rows.joined())</table>"
    }

    private func gapSection() -> String {
        guard !gaps.clusters.isEmpty else { return "<p class=\"empty\">Keine Wissenslücken im Zeitraum.</p>" }
        let rows = gaps.clusters.prefix(20).map { cluster -> String in
            let examples = cluster.examples.map { "<div class=\"example\">„\(escape($0))“</div>" }.joined()
            let closest = cluster.closestSnippet.map { "\(escape($0)) (\(percent(cluster.closestConfidence)))" } ?? "–"
            let signals = cluster.sortedSignals.map { "\($0.signal.label): \($0.count)" }.joined(separator: ", ")
            return "<tr><td class=\"n\">\(cluster.size)</td><td><b>\(escape(cluster.terms.joined(separator: ", ")))</b>\(examples)<small>\(escape(signals))</small></td><td>\(closest)</td></tr>"
        }
        return "<table><tr><th>Anzahl</th><th>Thema und Beispiele</th><th>Nächster Textbaustein</th></tr>\(rows.joined())</table>"
    }

    private func staleSection() -> String {
        guard !stale.entries.isEmpty else { return "<p class=\"empty\">Alle Textbausteine sind aktuell.</p>" }
        let rows = stale.entries.map { entry in
            "<tr><td>\(escape(entry.usage.title))<br><small>\(escape(entry.usage.snippetID))</small></td><td>\(entry.reasons.map { escape(Self.reasonLabel($0)) }.joined(separator: "<br>"))</td><td class=\"n\">\(entry.usage.chosen)</td></tr>"
        }
        return "<table><tr><th>Textbaustein</th><th>Grund</th><th>Genutzt</th></tr>\(rows.joined())</table>"
    }

    public static func reasonLabel(_ reason: StaleReport.Reason) -> String {
        switch reason {
        case .reviewOverdue(let since): return "Überprüfung fällig seit \(since)"
        case .expiresSoon(let on): return "läuft ab am \(on)"
        case .expired(let on): return "abgelaufen am \(on) (wird nicht mehr vorgeschlagen)"
        case .notYetValid(let from): return "gilt erst ab \(from)"
        case .unused(let days): return "seit \(days) Tagen nicht genutzt"
        }
    }

    private func card(_ label: String, _ value: String) -> String { "<div class=\"card\">\(escape(label))<b>\(escape(value))</b></div>" }
    private func percent(_ value: Double?) -> String { value.map(GermanNumber.percent) ?? "–" }
    private func hours(_ value: Double?) -> String { value.map { GermanNumber.decimal($0) + " Std." } ?? "–" }
    private func day(_ timestamp: String) -> String { Timestamp.parse(timestamp).map { Day($0).description } ?? timestamp }
    private func f(_ value: Double) -> String { String(format: "%.1f", value) }


    func escape(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }
}
