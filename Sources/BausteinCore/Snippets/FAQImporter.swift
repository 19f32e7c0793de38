import Foundation

/// Converts an existing FAQ in JSON lines (`{id, title, answer, known_questions, source, link, …}`) into snippets.
public enum FAQImporter {
    /// A line of the JSON-lines file that could not be converted.
    public struct LineError: Error, Sendable, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    private struct Entry: Decodable {
        var id: String
        var title: String?
        var answer: String?
        var known_questions: [String]?
        var source: String?
        var link: String?
        var last_update: String?
        var category: String?
    }

    /// Parses every line; all-or-nothing, so a half-migrated FAQ never appears.
    ///
    /// - Parameters:
    ///   - contents: the file's text.
    ///   - file: the name used in errors.
    ///   - importedOn: the approval day for entries without a `last_update`.
    public static func snippets(fromJSONLines contents: String, file: String, importedOn: Day) throws -> [Snippet] {
        var snippets: [Snippet] = []
        var errors: [LineError] = []
        var seen: Set<String> = []
        let decoder = JSONDecoder()
        for (offset, line) in TextLines.split(contents).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let entry: Entry
            do {
                entry = try decoder.decode(Entry.self, from: Data(trimmed.utf8))
            } catch {
                errors.append(LineError(file: file, line: offset + 1, reason: "kein gültiges JSON-Objekt mit 'id' (\(Self.describe(error)))"))
                continue
            }
            let id = sanitizedID(entry.id)
            let title = (entry.title ?? entry.known_questions?.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = (entry.answer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var questions = (entry.known_questions ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if questions.isEmpty, !title.isEmpty { questions = [title] }
            if id.isEmpty { errors.append(LineError(file: file, line: offset + 1, reason: "'id' ist leer")) }
            if title.isEmpty { errors.append(LineError(file: file, line: offset + 1, reason: "weder 'title' noch 'known_questions'")) }
            if answer.isEmpty { errors.append(LineError(file: file, line: offset + 1, reason: "'answer' ist leer")) }
            if !seen.insert(id).inserted { errors.append(LineError(file: file, line: offset + 1, reason: "id '\(id)' kommt doppelt vor")) }
            guard !id.isEmpty, !title.isEmpty, !answer.isEmpty else { continue }
            let approvedOn = entry.last_update.flatMap { Day($0.replacingOccurrences(of: "/", with: "-")) } ?? importedOn
            let source = [entry.link, entry.source].compactMap { $0 }.first { $0.hasPrefix("http") }
            snippets.append(
                Snippet(
                    id: id, title: title, questions: questions, tags: entry.category.map { [$0] }?.filter { !$0.isEmpty } ?? [],
                    approvedBy: entry.source?.isEmpty == false ? entry.source! : "Import", approvedOn: approvedOn,
                    source: source, body: answer))
        }
        if !errors.isEmpty { throw FAQImportErrors(errors: errors) }
        return snippets
    }

    /// Lowercase, umlauts spelled out, everything else but a-z and 0-9 becomes '-'.
    public static func sanitizedID(_ raw: String) -> String {
        let folded = TextFolding.spellOutUmlauts(raw.lowercased())
        var id = ""
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                id.unicodeScalars.append(scalar)
            } else if !id.hasSuffix("-") && !id.isEmpty {
                id.append("-")
            }
        }
        while id.hasSuffix("-") { id.removeLast() }
        return id
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "Feld '\(key.stringValue)' fehlt"
        case DecodingError.typeMismatch(_, let context): return "falscher Typ bei '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: return "nicht lesbar"
        }
    }

    /// Renders a snippet in the snippet file format; strings are written as JSON strings, which YAML reads as-is.
    public static func fileContents(of snippet: Snippet) -> String {
        // Ids are plain [a-z0-9-]; only "null" would read back as YAML's null.
        let id = snippet.id == "null" ? quoted(snippet.id) : snippet.id
        var lines = ["---", "id: \(id)", "title: \(quoted(snippet.title))", "questions:"]
        lines += snippet.questions.map { "  - \(quoted($0))" }
        if !snippet.keywords.isEmpty { lines.append("keywords: [\(snippet.keywords.map(quoted).joined(separator: ", "))]") }
        if !snippet.tags.isEmpty { lines.append("tags: [\(snippet.tags.map(quoted).joined(separator: ", "))]") }
        lines.append("approval: \(snippet.approval.rawValue)")
        lines.append("approved_by: \(quoted(snippet.approvedBy))")
        lines.append("approved_on: \(snippet.approvedOn)")
        if let day = snippet.reviewBy { lines.append("review_by: \(day)") }
        if let day = snippet.validFrom { lines.append("valid_from: \(day)") }
        if let day = snippet.validUntil { lines.append("valid_until: \(day)") }
        if let short = snippet.short { lines.append("short: \(quoted(short))") }
        if let source = snippet.source { lines.append("source: \(quoted(source))") }
        lines.append("---")
        lines.append(snippet.body)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}

/// Every line of an FAQ import that could not be converted.
public struct FAQImportErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [FAQImporter.LineError]
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
