import Foundation
import Yams

/// Reads one snippet file (`snippets/<topic>/<id>.md`): YAML front matter between `---` lines, then the reply.
public enum SnippetFile {
    /// The front-matter fields the format knows; anything else is a typo or an unsupported idea.
    public static let allowedFields = [
        "id", "title", "questions", "keywords", "tags", "approval", "approved_by", "approved_on", "review_by",
        "valid_from", "valid_until", "short", "source", "answers",
    ]

    /// Parses a file's text and reports every problem it finds, each with its line.
    ///
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - path: the path shown in problems; its last component without `.md` must equal the id.
    ///   - authority: the facts that `{{amt.*}}` placeholders may name.
    /// - Returns: the snippet, or the problems that keep it from being one.
    public static func parse(contents: String, path: String, authority: AuthorityFacts) -> Result<Snippet, SnippetFileErrors> {
        var problems: [SnippetFileError] = []
        func problem(_ line: Int, _ reason: SnippetFileError.Reason) {
            problems.append(SnippetFileError(file: path, line: line, reason: reason))
        }
        var lines = TextLines.split(contents)
        if lines.first?.hasPrefix("\u{FEFF}") == true { lines[0].removeFirst() }
        lines = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            return .failure(SnippetFileErrors([SnippetFileError(file: path, line: 1, reason: .missingFrontMatter)]))
        }
        guard let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" }) else {
            return .failure(SnippetFileErrors([SnippetFileError(file: path, line: 1, reason: .unterminatedFrontMatter)]))
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        // YAML line 1 is file line 2.
        let toFileLine = { (mark: Mark?) in (mark?.line ?? 0) + 1 }

        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            var line = error.line + 1
            if case .duplicatedKeysInMapping(let duplicates, _) = error, let key = duplicates.first {
                // Yams marks the mapping; the press office needs the second occurrence of the key.
                let occurrences = lines[1..<end].indices.filter { lines[$0].hasPrefix(key + ":") }
                if occurrences.count >= 2 { line = occurrences[1] + 1 }
            }
            return .failure(SnippetFileErrors([SnippetFileError(file: path, line: line, reason: .invalidYAML(error.problem))]))
        } catch {
            return .failure(SnippetFileErrors([SnippetFileError(file: path, line: 2, reason: .invalidYAML("\(error)"))]))
        }
        guard let mapping = root?.mapping else {
            return .failure(SnippetFileErrors([SnippetFileError(file: path, line: 2, reason: .frontMatterNotAMapping)]))
        }

        var fields: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if !allowedFields.contains(name) {
                problem(toFileLine(key.mark), .unknownField(name))
            } else {
                fields[name] = (key, value)
            }
        }
        let headerLine = 1
        func line(of field: String) -> Int { fields[field].map { toFileLine($0.key.mark) } ?? headerLine }

        func text(_ field: String, required: Bool) -> String? {
            guard let entry = fields[field] else {
                if required { problem(headerLine, .missingField(field)) }
                return nil
            }
            guard let scalar = entry.value.scalar else {
                problem(line(of: field), .wrongType(field: field, expected: "ein einzelner Text"))
                return nil
            }
            let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty || (scalar.style == .plain && value == "~") || (scalar.style == .plain && value == "null") {
                problem(line(of: field), .emptyValue(field: field))
                return nil
            }
            return value
        }
        func list(_ field: String, required: Bool) -> [String] {
            guard let entry = fields[field] else {
                if required { problem(headerLine, .missingField(field)) }
                return []
            }
            guard let sequence = entry.value.sequence else {
                problem(line(of: field), .wrongType(field: field, expected: "eine Liste ([a, b] oder '- a' je Zeile)"))
                return []
            }
            var values: [String] = []
            for item in sequence {
                guard let scalar = item.scalar else {
                    problem(toFileLine(item.mark), .wrongType(field: field, expected: "eine Liste von Texten"))
                    continue
                }
                let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
                if value.isEmpty {
                    problem(toFileLine(item.mark), .emptyValue(field: field))
                } else {
                    values.append(value)
                }
            }
            if required && values.isEmpty && sequence.isEmpty { problem(line(of: field), .emptyValue(field: field)) }
            return values
        }
        func day(_ field: String, required: Bool) -> Day? {
            guard let value = text(field, required: required) else { return nil }
            guard let day = Day(value) else {
                problem(line(of: field), .badDate(field: field, value: value))
                return nil
            }
            return day
        }

        let id = text("id", required: true)
        if let id {
            if !Snippet.isValidID(id) {
                problem(line(of: "id"), .invalidID(id))
            } else {
                let expected = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                if expected != id { problem(line(of: "id"), .idDoesNotMatchFileName(id: id, expected: expected)) }
            }
        }
        let title = text("title", required: true)
        let questions = list("questions", required: true)
        let keywords = list("keywords", required: false)
        let tags = list("tags", required: false)
        var approval = ApprovalLevel.staff
        if let value = text("approval", required: false) {
            if let level = ApprovalLevel(rawValue: value) { approval = level } else { problem(line(of: "approval"), .invalidApproval(value)) }
        }
        let approvedBy = text("approved_by", required: true)
        let approvedOn = day("approved_on", required: true)
        let reviewBy = day("review_by", required: false)
        let validFrom = day("valid_from", required: false)
        let validUntil = day("valid_until", required: false)
        if let validFrom, let validUntil, validUntil < validFrom { problem(line(of: "valid_until"), .validityWindowInverted) }
        let short = text("short", required: false)
        let source = text("source", required: false)
        let answers = list("answers", required: false)
        for category in answers where !ChannelPolicy.isValidName(category) {
            problem(line(of: "answers"), .invalidCategory(category))
        }

        let bodyStartLine = end + 2
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { problem(bodyStartLine, .emptyBody) }

        let bodyLeadingLines = lines[(end + 1)...].prefix { $0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        checkPlaceholders(body, firstLine: bodyStartLine + bodyLeadingLines, authority: authority, report: problem)
        if let short { checkPlaceholders(short, firstLine: line(of: "short"), authority: authority, report: problem) }

        guard problems.isEmpty, let id, let title, let approvedBy, let approvedOn else {
            return .failure(SnippetFileErrors(problems))
        }
        return .success(
            Snippet(
                id: id, title: title, questions: questions, keywords: keywords, tags: tags, approval: approval,
                approvedBy: approvedBy, approvedOn: approvedOn, reviewBy: reviewBy, validFrom: validFrom,
                validUntil: validUntil, short: short, source: source, answers: answers.isEmpty ? nil : answers, body: body))
    }

    private static func checkPlaceholders(
        _ text: String, firstLine: Int, authority: AuthorityFacts, report: (Int, SnippetFileError.Reason) -> Void
    ) {
        let scan = Placeholder.scan(text)
        for placeholder in scan.placeholders {
            if let key = placeholder.authorityKey, authority.values[key] == nil {
                report(firstLine + placeholder.lineOffset, .unknownAuthorityKey(key))
            }
        }
        if let offset = scan.unclosedAt { report(firstLine + offset, .unclosedPlaceholder) }
    }
}

/// All problems found in one or more snippet files.
public struct SnippetFileErrors: Error, Sendable, CustomStringConvertible {
    public var problems: [SnippetFileError]

    public init(_ problems: [SnippetFileError]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
