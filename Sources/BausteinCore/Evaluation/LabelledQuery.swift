import Foundation

/// A question with the snippet ids that answer it; no ids means the matcher should abstain, an escalation category
/// (`!presse`) that it is a delicate message that should be flagged.
public struct LabelledQuery: Sendable, Equatable {
    public var question: String
    public var expected: Set<String>
    public var line: Int
    /// The first id as written on the line (the page split reads it); nil when the question should abstain.
    public var firstID: String?
    /// The escalation category a delicate message should be flagged for (`!kategorie`); it is asked for its flags
    /// only, not for the ranking or the abstention.
    public var flag: String?
    /// The file the line is from, when it is not the `--queries` file (`--delicate`), for its failures.
    public var file: String?

    public init(question: String, expected: Set<String>, line: Int, firstID: String? = nil, flag: String? = nil) {
        self.question = question
        self.expected = expected
        self.line = line
        self.firstID = firstID ?? expected.sorted().first
        self.flag = flag
    }

    public var shouldAbstain: Bool { expected.isEmpty && flag == nil }

    /// Whether a snippet of the base answers it (neither a foreign question nor a delicate message).
    public var isInDomain: Bool { !expected.isEmpty }

    /// Parses `question<TAB>id|id…` lines; `-` as the id means "should abstain", `!kategorie` "should be flagged".
    public static func parse(tsv: String, file: String) throws -> [LabelledQuery] {
        var queries: [LabelledQuery] = []
        for (offset, line) in TextLines.split(tsv).enumerated() {
            let trimmed = line.trimmingCharacters(in: .init(charactersIn: "\r"))
            if trimmed.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let columns = trimmed.components(separatedBy: "\t")
            guard columns.count == 2, !columns[0].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw EvaluationError.badQueryLine(file: file, line: offset + 1)
            }
            let idsText = columns[1].trimmingCharacters(in: .whitespaces)
            if idsText.hasPrefix("!") {
                let category = String(idsText.dropFirst())
                guard ChannelPolicy.isValidName(category) else { throw EvaluationError.badQueryLine(file: file, line: offset + 1) }
                queries.append(LabelledQuery(question: columns[0], expected: [], line: offset + 1, flag: category))
                continue
            }
            let ids =
                idsText == "-" ? [] : idsText.split(separator: "|", omittingEmptySubsequences: false).map { FAQImporter.sanitizedID(String($0)) }
            if idsText != "-" && (ids.isEmpty || ids.contains(where: \.isEmpty)) { throw EvaluationError.badQueryLine(file: file, line: offset + 1) }
            queries.append(LabelledQuery(question: columns[0], expected: Set(ids), line: offset + 1, firstID: ids.first))
        }
        return queries
    }
}

/// Problems with evaluation input.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case badQueryLine(file: String, line: Int)
    case unknownExpectedID(file: String, line: Int, id: String)

    public var description: String {
        switch self {
        case .badQueryLine(let file, let line):
            return "\(file):\(line): erwartet 'Frage<TAB>id|id…' (oder '-' für: soll sich enthalten, '!kategorie' für: soll markiert werden)."
        case .unknownExpectedID(let file, let line, let id):
            return "\(file):\(line): id '\(id)' kommt in den Textbausteinen nicht vor."
        }
    }
}
