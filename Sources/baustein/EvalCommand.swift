import ArgumentParser
import BausteinCore
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Misst die Trefferqualität an beschrifteten Fragen (top-1, MRR@3, recall@3, Enthaltungen).")

    @Option(name: .long, help: "Snippets folder or FAQ in JSON lines (.jsonl).")
    var snippets: String

    @Option(name: .long, help: "Questions to evaluate: question<TAB>id|id… per line; '-' = should abstain.")
    var queries: String

    @Option(name: .long, help: "Labelled pairs to learn first, through the same path as staff confirmations.")
    var learn: String?

    @Option(name: .long, help: "Folder with authority.yaml and synonyms.txt.")
    var knowledge: String = "knowledge"

    @Option(name: .long, help: "Override a matcher weight, name=value (repeatable), to measure a change.")
    var weight: [String] = []

    @Option(
        name: .long,
        help: "Cross-validate learning: question i goes to fold i mod K; each fold is evaluated on a fresh base that learned the other folds.")
    var folds: Int?

    @Flag(name: .long, help: "Print exactly one JSON object.")
    var json = false

    @Flag(name: .long, help: "List every question whose right answer was not first.")
    var failures = false

    @Flag(name: .long, help: "With --json: each question's first-suggestion features (to fit the calibration).")
    var samples = false

    @OptionGroup var embeddings: EmbeddingOptions

    @Option(name: .long, help: "SQLite file that keeps the snippets' sentence vectors between runs (default: none, computed each run).")
    var embeddingCache: String?

    func validate() throws {
        var weights = MatchWeights()
        for assignment in weight where !weights.set(assignment) {
            throw ValidationError("--weight \(assignment): erwartet name=zahl; Namen: \(MatchWeights.names.joined(separator: ", "))")
        }
        if let folds {
            guard folds >= 2 else { throw ValidationError("--folds \(folds): mindestens 2 Teile.") }
            guard learn == nil else {
                throw ValidationError("--folds lernt selbst aus den übrigen Teilen von --queries; --learn bitte weglassen.")
            }
        }
    }

    func run() throws {
        try reportingErrors {
            let resources = try KnowledgeResources.load(from: URL(fileURLWithPath: knowledge))
            let sources = try resources.snippetSources(at: URL(fileURLWithPath: snippets), importedOn: WallClock.system.today)
            let known = Set(sources.map(\.snippet.id))
            let questions = try Self.readQueries(queries, known: known)
            var weights = MatchWeights()
            for assignment in weight { _ = weights.set(assignment) }
            let embedder = try embeddings.embedder()
            var sharedCache = try embeddingCache.map(EmbeddingCache.file(at:))
            // Each run (and each fold) gets a fresh base, as if nothing had been learned before; the folds share the
            // first base's vectors when no cache file is named.
            func evaluator() throws -> Evaluator {
                let knowledgeBase = try KnowledgeBase.inMemory()
                try knowledgeBase.sync(sources)
                let cache = sharedCache ?? knowledgeBase.embeddingCache
                sharedCache = cache
                let meaning = embedder.map { MeaningChannel(embedder: $0, cache: cache) }
                return Evaluator(matcher: try Matcher(knowledgeBase: knowledgeBase, resources: resources, weights: weights, meaning: meaning))
            }
            var learned = 0
            var report: EvaluationReport
            if let folds {
                var outcomes: [Evaluator.Outcome] = []
                for fold in 0..<folds {
                    let fresh = try evaluator()
                    learned += try fresh.learn(questions.enumerated().filter { $0.offset % folds != fold }.map(\.element))
                    outcomes += try fresh.outcomes(questions.enumerated().filter { $0.offset % folds == fold }.map(\.element))
                }
                report = Evaluator.report(outcomes.sorted { $0.query.line < $1.query.line })
            } else {
                let evaluator = try evaluator()
                if let learn { learned = try evaluator.learn(try Self.readQueries(learn, known: known)) }
                report = try evaluator.evaluate(questions)
            }
            report.meaningModel = embedder?.modelID
            if json {
                if !failures { report.failures = [] }
                if !samples { report.samples = nil }
                print(try jsonLine(report))
                return
            }
            print(embedder.map { "Bedeutungsabgleich: an (\($0.modelID), Gewicht \(GermanNumber.decimal(weights.meaning, digits: 2)))" }
                ?? "Bedeutungsabgleich: aus")
            if let folds {
                print("Kreuzvalidierung: \(folds) Teile, jeder auf einer frischen Wissensbasis, die die übrigen gelernt hat (\(learned) Formulierungen)")
            }
            if learn != nil {
                print("gelernt: \(learned) Formulierungen")
                let scaling = report.confidenceScaling
                if scaling.outcomes > 0 {
                    print(
                        "Konfidenz an diese Wissensbasis angepasst: aus \(scaling.outcomes) Ergebnissen, σ(\(GermanNumber.decimal(scaling.intercept, digits: 2)) + \(GermanNumber.decimal(scaling.slope, digits: 2)) · logit p)"
                    )
                }
                if let groups = report.groupPreference?.groups, let least = groups.first, let most = groups.last {
                    print(
                        "Vorlieben gelernt (\(groups.count) Gruppen): am seltensten gewählt \(least.label) \(least.factor), "
                            + "am häufigsten \(most.label) \(most.factor)")
                }
            }
            print(String(format: "Fragen: %d  top-1: %.3f  MRR@3: %.3f  recall@3: %.3f", report.queries, report.top1, report.mrr3, report.recall3))
            print(String(format: "enthalten: %d (bei passenden Fragen %.1f %%)", report.abstained, report.inDomainAbstentionRate * 100))
            if report.outOfDomain > 0 {
                print(String(format: "fachfremde Fragen: %d, davon enthalten: %.1f %%", report.outOfDomain, report.outOfDomainAbstentionRate * 100))
            }
            print(String(format: "Latenz je Frage: p50 %.2f ms, p99 %.2f ms", report.latencyMs.p50, report.latencyMs.p99))
            print(String(format: "Zuverlässigkeit der Konfidenz (ECE %.3f):", report.reliability.expectedCalibrationError))
            print("  Konfidenz     Fragen  mittl. Konfidenz  richtig")
            for band in report.reliability.bands {
                print(
                    String(
                        format: "  %3.0f–%3.0f %%  %8d  %15.1f %%  %6.1f %%", band.lower * 100, band.upper * 100, band.count,
                        band.meanConfidence * 100, band.accuracy * 100))
            }
            if failures {
                for failure in report.failures {
                    let got = failure.got.isEmpty ? "—" : failure.got.joined(separator: ", ")
                    let expected = failure.expected.isEmpty ? "-" : failure.expected.joined(separator: "|")
                    print("\(queries):\(failure.line): \(failure.question)\n   erwartet \(expected), bekam \(got)\(failure.abstained ? " (enthalten)" : "")")
                }
            }
        }
    }

    static func readQueries(_ path: String, known: Set<String>) throws -> [LabelledQuery] {
        guard let text = try? String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) else {
            throw UserError("\(path) lässt sich nicht lesen.")
        }
        let queries = try LabelledQuery.parse(tsv: text, file: path)
        for query in queries {
            if let missing = query.expected.sorted().first(where: { !known.contains($0) }) {
                throw EvaluationError.unknownExpectedID(file: path, line: query.line, id: missing)
            }
        }
        return queries
    }
}
