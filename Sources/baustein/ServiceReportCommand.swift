import ArgumentParser
import BausteinCore
import Foundation

struct ServiceFiguresReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service",
        abstract: "Servicekennzahlen: Anfragen je Kanal und Tag, Antwortzeiten, 24-h-Quote, Eskalationen, Personalbedarf.")

    @OptionGroup var report: ReportOptions

    func run() throws {
        try reportingErrors {
            let since = report.since
            guard let figures = try report.build({ workflow, start in
                ServiceFigures(report: try workflow.reports.serviceReport(since: start), retention: try workflow.retention.lastRun(),
                    retentionDays: workflow.configuration.retentionDays)
            }) else { return }
            let report = figures.report
            func percent(_ value: Double?) -> String { value.map(GermanNumber.percent) ?? "–" }
            func hours(_ value: Double?) -> String { value.map { GermanNumber.decimal($0) + " Std." } ?? "–" }
            print("Zeitraum: letzte \(since.text) (\(report.days) Tage)")
            print("Anfragen: \(report.messages)  (" + report.messagesByChannel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")
            print("Antworten: \(report.replies)")
            print("Antwortzeit: Median \(hours(report.replyHoursP50)), 90 % \(hours(report.replyHoursP90))")
            print("Beantwortet innerhalb von 24 Stunden: \(percent(report.answeredWithin24h))")
            print("Unverändert aus Textbaustein: \(percent(report.unchangedShare))")
            print("Eskaliert: \(percent(report.escalationRate)) · ohne Antwort geschlossen: \(percent(report.dismissalRate))")
            print("Freigabe durch die Pressestelle: Median \(hours(report.pressApprovalHoursP50))")
            print("Bearbeitungszeit je Anfrage: " + (report.handlingMinutesP50.map { "Median " + GermanNumber.decimal($0) + " Min." } ?? "–"))
            print("Personalbedarf bei diesem Aufkommen: " + (report.staffHoursPerWeek.map { GermanNumber.decimal($0) + " Stunden pro Woche" } ?? "–"))
            if let run = figures.retention {
                print("Letzte Löschung nach Aufbewahrungsfrist (\(figures.retentionDays) Tage): \(run.at), \(run.items) Anfrage(n) entfernt")
            } else {
                print("Löschung nach Aufbewahrungsfrist (\(figures.retentionDays) Tage): noch nie gelaufen (baustein purge oder baustein serve)")
            }
            if !report.topSnippets.isEmpty {
                print("Meistgenutzte Textbausteine:")
                for use in report.topSnippets { print("  \(String(use.replies).leftPadded(to: 4))  \(use.snippetID)") }
            }
            print("Anfragen pro Tag:")
            var perDay: [String: [String]] = [:]
            for entry in report.messagesByDay { perDay[entry.day, default: []].append("\(entry.channel) \(entry.messages)") }
            for day in perDay.keys.sorted() { print("  \(day)  \(perDay[day]!.joined(separator: ", "))") }
        }
    }
}

struct HTMLReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "html", abstract: "Schreibt einen HTML-Bericht in eine Datei (ohne externe Inhalte, Diagramme als SVG).")

    @OptionGroup var options: WorkflowOptions

    @Option(name: .long, help: "Ausgabedatei.")
    var out: String

    @Option(name: .long, help: "Zeitraum bis heute, z. B. 7d, 30d, 12w.")
    var since = Period(argument: "30d")!

    func run() throws {
        try reportingErrors {
            let workflow = try options.openWorkflow()
            let now = workflow.clock.now()
            let start = since.start(from: now)
            let authority = workflow.renderer.facts.values["name"] ?? "Baustein"
            let report = HTMLReport(
                authority: authority, generatedAt: Timestamp.format(now), service: try workflow.reports.serviceReport(since: start),
                gaps: try workflow.reports.gapReport(since: start), stale: try workflow.reports.staleReport())
            let url = URL(fileURLWithPath: out)
            do {
                try Data(report.render().utf8).write(to: url, options: .atomic)
            } catch {
                throw UserError("\(out) lässt sich nicht schreiben (\(error.localizedDescription)); Pfad und Rechte prüfen.")
            }
            print("Bericht geschrieben: \(out)")
        }
    }
}

/// The service figures with when retention last ran; in JSON the figures' own fields plus `retention_last_run`.
struct ServiceFigures: Encodable {
    var report: ServiceReport
    var retention: (at: String, items: Int)?
    var retentionDays: Int

    enum Keys: String, CodingKey { case retentionLastRun = "retention_last_run", retentionDays = "retention_days" }

    struct Run: Encodable {
        var at: String
        var items: Int
    }

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(retention.map { Run(at: $0.at, items: $0.items) }, forKey: .retentionLastRun)
        try container.encode(retentionDays, forKey: .retentionDays)
    }
}
