import BausteinCore
import Foundation

/// The one table of `baustein eval --compare` (`make eval`).
extension EvalPrinter {
    static let settingLabels: [(EvaluationSuite.Setting, String)] = [
        (.cold, "kalt, alle Fragen"), (.coldEven, "kalt, gerade Zeilen"), (.warmOddEven, "warm: ungerade gelernt → gerade"),
        (.folds, "warm: 5-fach kreuzvalidiert"), (.splitCold, "Seitenteilung: B kalt"), (.splitWarm, "Seitenteilung: A gelernt → B"),
    ]

    static func printComparison(_ results: [EvaluationSuite.BaseResult], rankings: [EvaluationSuite.Ranking]) {
        let names: [EvaluationSuite.Ranking: String] = [.words: "nur Wörter", .meaning: "nur Bedeutung", .fused: "kombiniert"]
        let label = 36
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        print(pad("", label) + rankings.map { pad(names[$0] ?? $0.rawValue, 22) }.joined())
        print(pad("", label) + rankings.map { _ in pad("top-1  recall@3", 22) }.joined())
        for result in results {
            let any = result.figures.values.first
            let count = any?[.cold]?.report.queries ?? 0
            print("\(result.name) (\(count) passende Fragen, \(any?[.foreign]?.report.outOfDomain ?? 0) fachfremde)")
            for (setting, text) in settingLabels {
                let cells = rankings.map { ranking -> String in
                    guard let report = result.figures[ranking]?[setting]?.report else { return pad("–", 22) }
                    return pad(String(format: "%.3f  %.3f", report.top1, report.recall3), 22)
                }
                print(pad("  " + text, label) + cells.joined())
            }
            // Cold, and after 5-fold learning (the base's own abstention bar, ``DomainThreshold``).
            for (text, own, foreign) in [
                ("  enthalten kalt: eigene / fremde", EvaluationSuite.Setting.cold, EvaluationSuite.Setting.foreign),
                ("  enthalten 5-fach: eigene / fremde", .folds, .foldsForeign),
            ] {
                let cells = rankings.map { ranking -> String in
                    let ownRate = result.figures[ranking]?[own]?.report.inDomainAbstentionRate ?? 0
                    let foreignRate = result.figures[ranking]?[foreign]?.report.outOfDomainAbstentionRate ?? 0
                    return pad(String(format: "%.1f %% / %.1f %%", ownRate * 100, foreignRate * 100), 22)
                }
                print(pad(text, label) + cells.joined())
            }
            // Per other base, cold / 5-fold: bases that overlap in topic answer part of each other's questions.
            for (index, source) in (result.foreignAbstention[rankings.last ?? .fused] ?? []).enumerated() {
                let cells = rankings.map { ranking -> String in
                    guard let share = result.foreignAbstention[ranking]?[index] else { return pad("–", 22) }
                    return pad(String(format: "%.1f %% / %.1f %%", share.abstentionRate * 100, share.foldsAbstentionRate * 100), 22)
                }
                print(pad("    davon \(source.name) (\(source.questions))", label) + cells.joined())
            }
            // Cold and 5-fold, per ranking: the error of all first suggestions, of the percentages shown (an abstention
            // shows "unsicher" instead of one), and what a perfectly calibrated matcher with these confidences would
            // show on average (an ECE near it is noise).
            func calibrationRow(_ text: String, _ figure: (EvaluationReport) -> Double) {
                let cells = rankings.map { ranking -> String in
                    let cold = result.figures[ranking]?[.cold]?.report
                    let warm = result.figures[ranking]?[.folds]?.report
                    return pad(String(format: "%.3f / %.3f", cold.map(figure) ?? 0, warm.map(figure) ?? 0), 22)
                }
                print(pad("  " + text, label) + cells.joined())
            }
            // Escalation flags, cold: delicate messages should be flagged (by words or by meaning), the base's own and
            // the other bases' questions should not.
            func flagRow(_ text: String, _ setting: EvaluationSuite.Setting, _ count: (EvaluationReport.Flagging) -> EvaluationReport.Flagging.Count)
            {
                let cells = rankings.map { ranking -> String in
                    guard let flagging = result.figures[ranking]?[setting]?.report.flagging else { return pad("–", 22) }
                    let figures = count(flagging)
                    return pad("\(figures.flagged) / \(figures.messages) (W \(figures.byWords), B \(figures.byMeaning))", 22)
                }
                print(pad("  " + text, label) + cells.joined())
            }
            if (result.figures.values.first?[.cold]?.report.flagging.delicate.messages ?? 0) > 0 {
                flagRow("Hinweis: heikle Nachrichten", .cold) { $0.delicate }
            }
            flagRow("Hinweis: eigene Fragen (falsch)", .cold) { $0.inDomain }
            flagRow("Hinweis: fremde Fragen", .foreign) { $0.outOfDomain }
            calibrationRow("ECE: kalt / 5-fach") { $0.reliability.expectedCalibrationError }
            calibrationRow("ECE gezeigter Prozente") { $0.shownReliability.expectedCalibrationError }
            calibrationRow("ECE perfekt kalibriert (Mittel)") { $0.reliability.chanceError }
        }
        for result in results {
            guard let ranking = rankings.last, let cold = result.figures[ranking]?[.cold]?.report.reliability,
                let warm = result.figures[ranking]?[.folds]?.report.reliability
            else { continue }
            print("")
            print("\(result.name), \(names[ranking] ?? ""):")
            printReliability([cold, warm], headers: ["kalt", "5-fach"])
        }
    }
}
