import BausteinCore
import Foundation

/// The text output of `baustein eval`: one run's figures, or the comparison table of `--compare`.
struct EvalPrinter {
    var queryFile: String

    /// A base's name for the table: the folder of a `snippets.jsonl`, else the snippets folder's own name.
    static func baseName(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        return url.pathExtension == "jsonl" ? url.deletingLastPathComponent().lastPathComponent : url.lastPathComponent
    }

    /// The escalation flags: delicate messages should be flagged, the base's own questions should not.
    static func printFlagging(_ flagging: EvaluationReport.Flagging) {
        func line(_ count: EvaluationReport.Flagging.Count) -> String {
            "\(count.flagged) von \(count.messages) markiert (Wörter \(count.byWords), Bedeutung \(count.byMeaning))"
        }
        let delicate = flagging.delicate
        if delicate.messages > 0 {
            print("heikle Nachrichten: \(line(delicate)), \(delicate.rightCategory) mit ihrer Kategorie")
        }
        if flagging.inDomain.messages > 0 { print("Hinweise auf passende Fragen: \(line(flagging.inDomain))") }
        if flagging.outOfDomain.messages > 0 { print("Hinweise auf fachfremde Fragen: \(line(flagging.outOfDomain))") }
    }

    func printReport(
        _ report: EvaluationReport, weights: MatchWeights, ranking: EvaluationSuite.Ranking, folds: Int?, learned: Int?, foldsLearned: Int,
        failures: Bool
    ) {
        switch ranking {
        case .words: print("Bedeutungsabgleich: aus")
        case .meaning: print("Rangfolge nur nach Bedeutung (\(report.meaningModel ?? ""))")
        case .fused: print("Bedeutungsabgleich: an (\(report.meaningModel ?? ""), Gewicht \(GermanNumber.decimal(weights.meaning, digits: 2)))")
        }
        if let folds {
            print(
                "Kreuzvalidierung: \(folds) Teile, jeder auf einer frischen Wissensbasis, die die übrigen gelernt hat (\(foldsLearned) Formulierungen)"
            )
        }
        if let learned {
            print("gelernt: \(learned) Formulierungen")
            let scaling = report.confidenceScaling
            if scaling.outcomes > 0 {
                // The abstention term (what an abstained first suggestion is worth on this base) when it moved.
                let term =
                    (scaling.abstention * 100).rounded() == 0
                    ? "" : " \(scaling.abstention < 0 ? "−" : "+") \(GermanNumber.decimal(abs(scaling.abstention), digits: 2)) · unsicher"
                print(
                    "Konfidenz an diese Wissensbasis angepasst: aus \(scaling.outcomes) Ergebnissen, σ(\(GermanNumber.decimal(scaling.intercept, digits: 2)) + \(GermanNumber.decimal(scaling.slope, digits: 2)) · logit p\(term))"
                )
            }
            if let groups = report.groupPreference?.groups, let least = groups.first, let most = groups.last {
                print(
                    "Vorlieben gelernt (\(groups.count) Gruppen): am seltensten gewählt \(least.label) \(least.factor), am häufigsten \(most.label) \(most.factor)"
                )
            }
            if let threshold = report.domainThreshold {
                // The fitted bar of the ranking in use, for comparison with the base's own.
                let fitted = weights.fittedThreshold(withMeaning: ranking != .words)
                let base = GermanNumber.decimal(fitted, digits: 3)
                let bar = threshold.threshold(fitted: fitted)
                if threshold.raised != nil {
                    let change = bar > fitted ? "angehoben" : bar < fitted ? "gesenkt" : "beibehalten"
                    print(
                        "Enthaltungsschwelle aus \(threshold.questions) beantworteten Fragen: \(GermanNumber.decimal(bar, digits: 3)) (Grundwert \(base) \(change))"
                    )
                } else {
                    print(
                        "Enthaltungsschwelle: Grundwert \(base) (eine eigene ab \(DomainThreshold.minimumQuestions) beantworteten Fragen, bisher \(threshold.questions))"
                    )
                }
            }
            if let check = report.learningCheck, let used = report.learningUsed {
                print(
                    "Lernprüfung: Gelerntes vorn richtig \(check.wins)×, eigener Text vorn richtig \(check.losses)× → "
                        + (used ? "Gelerntes zählt" : "eigener Text zählt"))
            }
        }
        print(String(format: "Fragen: %d  top-1: %.3f  MRR@3: %.3f  recall@3: %.3f", report.queries, report.top1, report.mrr3, report.recall3))
        print(String(format: "enthalten: %d (bei passenden Fragen %.1f %%)", report.abstained, report.inDomainAbstentionRate * 100))
        if report.outOfDomain > 0 {
            print(String(format: "fachfremde Fragen: %d, davon enthalten: %.1f %%", report.outOfDomain, report.outOfDomainAbstentionRate * 100))
        }
        print(String(format: "Latenz je Frage: p50 %.2f ms, p99 %.2f ms", report.latencyMs.p50, report.latencyMs.p99))
        Self.printFlagging(report.flagging)
        Self.printReliability([report.reliability], headers: [])
        let shown = report.shownReliability.bands.reduce(0) { $0 + $1.count }
        print(
            String(format: "ECE der gezeigten Prozente (ohne Enthaltungen, %d Fragen): %.3f", shown, report.shownReliability.expectedCalibrationError)
        )
        if failures {
            for failure in report.failures {
                let got = failure.got.isEmpty ? "—" : failure.got.joined(separator: ", ")
                let expected = failure.expected.isEmpty ? "-" : failure.expected.joined(separator: "|")
                print(
                    "\(failure.file ?? queryFile):\(failure.line): \(failure.question)\n   erwartet \(expected), bekam \(got)\(failure.abstained ? " (enthalten)" : "")"
                )
            }
        }
    }

    /// Reliability tables side by side, one band per line.
    static func printReliability(_ tables: [ReliabilityTable], headers: [String]) {
        let errors = tables.map { String(format: "%.3f", $0.expectedCalibrationError) }.joined(separator: " | ")
        // What a perfectly calibrated matcher would show on as many questions: the error's noise.
        let chance = tables.map { String(format: "%.3f", $0.chanceError) }.joined(separator: " | ")
        print(
            "Zuverlässigkeit der Konfidenz (ECE \(errors); perfekt kalibriert im Mittel \(chance)):"
                + (headers.isEmpty ? "" : " " + headers.joined(separator: " | ")))
        print("  Konfidenz  " + tables.map { _ in "  Fragen  mittl. Konfidenz  richtig" }.joined(separator: " |"))
        for lower in 0..<10 {
            let cells = tables.map { table -> String in
                guard let band = table.bands.first(where: { Int(($0.lower * 10).rounded()) == lower }) else {
                    return String(repeating: " ", count: 35)
                }
                return String(format: "%8d  %13.1f %%  %5.1f %%", band.count, band.meanConfidence * 100, band.accuracy * 100)
            }
            guard cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { continue }
            print(String(format: "  %3d–%3d %%", lower * 10, lower * 10 + 10) + cells.joined(separator: " |"))
        }
    }
}
