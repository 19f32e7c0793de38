import ArgumentParser
import BausteinCore
import Foundation

extension EvalCommand {
    /// Each base asked its own questions and the other bases' (marked `-`), under every ranking.
    func runComparison(_ suite: EvaluationSuite, bases: [EvaluationSuite.Base]) throws {
        var results: [EvaluationSuite.BaseResult] = []
        for (index, base) in bases.enumerated() {
            var own = base
            own.foreign = bases.enumerated().filter { $0.offset != index }.map { other in
                EvaluationSuite.ForeignQuestions(
                    name: other.element.name,
                    queries: other.element.queries.filter(\.isInDomain).map {
                        LabelledQuery(question: $0.question, expected: [], line: $0.line)
                    })
            }
            results.append(
                try suite.run(own) { ranking, setting in
                    if !json { printError("\(base.name): \(ranking.rawValue), \(setting.rawValue) …") }
                })
        }
        if json {
            print(try jsonLine(results))
        } else {
            EvalPrinter.printComparison(results, rankings: suite.rankings)
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
