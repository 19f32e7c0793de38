import BausteinCore
import Foundation
import Testing

/// `report html`: one file a head of office can open anywhere, in German, that shows no personal data and runs
/// nothing a citizen wrote.
@Suite("HTML report")
struct HTMLReportTests {
    /// The service timeline plus two unanswerable messages at hour 70 (Wednesday evening in Musterstadt): one that
    /// tries to inject a script, one with an IBAN; and an expired snippet to re-check.
    static func html() throws -> String {
        let fixture = try ServiceReportTests.timeline(files: InsightFixture.baseFiles + [StaleReportTests.briefwahl])
        fixture.clock.set(InsightFixture.at(70))
        try fixture.receive(
            "<script>alert(\"Hundesteuer\")</script> Wie hoch ist die Hundesteuer? Rückruf 0171 2345678", receivedAt: InsightFixture.at(70))
        try fixture.receive("Hundesteuer für zwei Hunde bitte abbuchen von DE89 3704 0044 0532 0130 00", receivedAt: InsightFixture.at(70))
        fixture.clock.set(InsightFixture.at(72))
        let workflow = fixture.workflow
        let since = InsightFixture.at(0)
        return HTMLReport(
            authority: "Stadt Musterstadt & Umland", generatedAt: Timestamp.format(fixture.clock.now),
            service: try workflow.reports.serviceReport(since: since), gaps: try workflow.reports.gapReport(since: since),
            stale: try workflow.reports.staleReport()
        ).render()
    }

    @Test("self-contained: no scripts, no stylesheets or images from elsewhere")
    func selfContained() throws {
        let html = try Self.html()
        let lowercased = html.lowercased()
        #expect(!lowercased.contains("<script"))
        #expect(!lowercased.contains("<link"))
        #expect(!lowercased.contains("@import"))
        #expect(!lowercased.contains("url("))
        #expect(!lowercased.contains("<img"))
        #expect(!lowercased.contains("<iframe"))
        let external = try Regex(#"(src|href)\s*=\s*["']?\s*(https?:)?//"#).ignoresCase()
        #expect(html.firstMatch(of: external) == nil)
    }

    @Test("German page with the figures, an inline SVG chart of every day, gaps and snippets to re-check")
    func content() throws {
        let html = try Self.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<html lang=\"de\">"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        for heading in [
            "Kennzahlen", "Anfragen pro Tag", "Anfragen nach Kanal", "Meistgenutzte Textbausteine",
            "Wissenslücken: Fragen ohne passenden Textbaustein", "Textbausteine zur Überprüfung",
        ] {
            #expect(html.contains("<h2>\(heading)</h2>"), "missing heading \(heading)")
        }
        #expect(html.contains("<h1>Bürgerkommunikation: Bericht</h1>"))
        #expect(html.contains("Stadt Musterstadt &amp; Umland"))
        #expect(html.contains("Zeitraum 2026-11-02 bis 2026-11-05 (3 Tage)"))
        // 7 + 2 messages; the replies and their times as in the service report.
        #expect(html.contains("Anfragen<b>9</b>"))
        #expect(html.contains("Antworten<b>5</b>"))
        #expect(html.contains("Antwortzeit (90 %)<b>28,0 Std.</b>"))
        #expect(html.contains("Beantwortet in 24 h<b>50 %</b>"))
        // One bar per day of the period, quiet days included.
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        let svg = html[start.lowerBound..<end.upperBound]
        #expect(svg.components(separatedBy: "<rect").count - 1 == 4)
        for bar in ["2026-11-02: 3", "2026-11-03: 3", "2026-11-04: 3", "2026-11-05: 0"] {
            #expect(svg.contains("<title>\(bar)</title>"), "missing bar \(bar)")
        }
        #expect(html.contains("<td>facebook</td><td class=\"n\">6</td>"))
        #expect(html.contains("Sperrmüll anmelden<br><small>sperrmuell-anmelden</small></td><td class=\"n\">2</td>"))
        #expect(html.contains("abgelaufen am 2026-11-01 (wird nicht mehr vorgeschlagen)"))
        // Gap topics are shown as words people wrote.
        #expect(html.firstMatch(of: try Regex("<b>[^<]*, hundesteuer, [^<]*</b>")) != nil)
    }

    @Test("every label of the daily chart lies inside the drawing, the tallest bar's count included")
    func chartLabelsInside() throws {
        let html = try Self.html()
        let label = try Regex(#"<text x="([0-9.]+)" y="([0-9.-]+)" font-size="11"[^>]*>([^<]*)</text>"#)
        let labels = html.matches(of: label)
        #expect(labels.count >= 8)
        for match in labels {
            let y = Double(match.output[2].substring.map(String.init) ?? "") ?? -1
            // A baseline above 11 points would cut the 11-point glyphs off at the top of the SVG.
            #expect(y >= 11 && y <= 220, "label \(match.output[3].substring ?? "") at y = \(y)")
        }
    }

    @Test("citizen text is escaped and masked")
    func citizenText() throws {
        let html = try Self.html()
        #expect(html.contains("„&lt;script&gt;alert(&quot;Hundesteuer&quot;)&lt;/script&gt; Wie hoch ist die Hundesteuer? Rückruf [Telefon]“"))
        #expect(html.contains("Hundesteuer für zwei Hunde bitte abbuchen von [IBAN]"))
        for secret in ["0171", "2345678", "DE89", "0532 0130"] {
            #expect(!html.contains(secret), "\(secret) is in the report")
        }
    }
}
