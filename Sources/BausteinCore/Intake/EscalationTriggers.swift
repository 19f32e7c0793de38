import Foundation

/// Words and phrases (`knowledge/escalation.txt`) that flag a message for the press office: press inquiries,
/// lawyers, threats, insults, self-harm, emergencies.
///
/// File format: a `[category] Label` header starts a category; `! text` lines are a notice that staff see first
/// (the 110/112 hint for emergencies); a `= policy` line says which snippets such a message may be offered
/// (``SuggestionPolicy``); a `~ message` line is an example of such a message, for matching by meaning
/// (``EscalationSense``); every other line is a word or phrase, where a trailing `*` matches any ending. Matching
/// ignores case, umlaut spelling (ä/ae/a) and ß.
public struct EscalationTriggers: Sendable, Equatable {
    /// Which snippets a message that hits a category may be offered. Snippets say which categories they answer
    /// (`answers:` in their front matter).
    public enum SuggestionPolicy: String, Sendable, Equatable, Codable, CaseIterable, Comparable {
        /// The snippets that answer the category go first, the matcher's others after them (`= eigene-zuerst`).
        case ownFirst = "eigene-zuerst"
        /// Only the snippets that answer the category, or nothing (`= nur-eigene`).
        case ownOnly = "nur-eigene"
        /// No snippet at all: the message needs a person's own reply, an escalation or a forward (`= keine`).
        case none = "keine"

        /// Stricter policies win when a message hits several categories.
        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public struct Category: Sendable, Equatable, Codable {
        public var id: String
        public var label: String
        /// Shown to staff before anything else when a message hits this category.
        public var notice: String?
        /// Which snippets a message in this category may be offered; nil: the matcher's suggestions as they are.
        public var policy: SuggestionPolicy?
        /// Example messages (`~` lines): a message close in meaning to one of them, or to a snippet that answers the
        /// category, and closer to it than to any other snippet of the base is flagged too (``EscalationSense``).
        public var examples: [String] = []
        var patterns: [[Pattern]] = []
    }

    struct Pattern: Sendable, Equatable, Codable {
        var key: String
        var isPrefix: Bool

        func matches(_ word: String) -> Bool { isPrefix ? word.hasPrefix(key) : word == key }
    }

    public var categories: [Category]

    public init(categories: [Category] = []) {
        self.categories = categories
    }

    /// The comparison form of a word: lowercase, umlauts and ß folded away, "ae/oe/ue" read as umlauts.
    static func key(_ word: some StringProtocol) -> String {
        TextFolding.stripUmlauts(TextFolding.foldDigraphs(TextFolding.normalize(String(word))))
    }

    /// Parses the file's text; a line before the first header or an empty category is an error with its line.
    public init(text: String, file: String) throws {
        var categories: [Category] = []
        for (index, raw) in TextLines.split(text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    throw EscalationTriggerError(file: file, line: index + 1, problem: "Kopfzeile braucht die Form '[kategorie] Bezeichnung'.")
                }
                let id = String(line[line.index(after: line.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
                guard ChannelPolicy.isValidName(id) else {
                    throw EscalationTriggerError(file: file, line: index + 1, problem: "Kategorie '\(id)': nur a-z, 0-9 und '-' verwenden.")
                }
                let label = line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
                categories.append(Category(id: id, label: label.isEmpty ? id : label))
                continue
            }
            guard !categories.isEmpty else {
                throw EscalationTriggerError(file: file, line: index + 1, problem: "Zuerst eine Kategorie '[kategorie] Bezeichnung' angeben.")
            }
            if line.hasPrefix("=") {
                let name = line.dropFirst().trimmingCharacters(in: .whitespaces)
                guard let policy = SuggestionPolicy(rawValue: name) else {
                    let known = SuggestionPolicy.allCases.map(\.rawValue).joined(separator: ", ")
                    throw EscalationTriggerError(file: file, line: index + 1, problem: "Unbekannte Regel '= \(name)'. Möglich: \(known).")
                }
                categories[categories.count - 1].policy = policy
                continue
            }
            if line.hasPrefix("~") {
                let example = line.dropFirst().trimmingCharacters(in: .whitespaces)
                guard !example.isEmpty else {
                    throw EscalationTriggerError(file: file, line: index + 1, problem: "Leeres Beispiel; nach '~' eine Beispielnachricht angeben.")
                }
                categories[categories.count - 1].examples.append(example)
                continue
            }
            if line.hasPrefix("!") {
                let notice = line.dropFirst().trimmingCharacters(in: .whitespaces)
                let previous = categories[categories.count - 1].notice
                categories[categories.count - 1].notice = previous.map { $0 + " " + notice } ?? notice
                continue
            }
            let words = line.split(separator: " ").map { word -> Pattern in
                let isPrefix = word.hasSuffix("*")
                return Pattern(key: Self.key(isPrefix ? word.dropLast() : word), isPrefix: isPrefix)
            }
            guard words.allSatisfy({ !$0.key.isEmpty }) else {
                throw EscalationTriggerError(file: file, line: index + 1, problem: "Leeres Wort; '*' nur am Wortende verwenden.")
            }
            categories[categories.count - 1].patterns.append(words)
        }
        self.categories = categories
    }

    /// Reads the file; a missing file means no triggers.
    public static func load(from url: URL) throws -> EscalationTriggers {
        guard FileManager.default.fileExists(atPath: url.path) else { return EscalationTriggers() }
        do {
            return try EscalationTriggers(text: try String(contentsOf: url, encoding: .utf8), file: url.path)
        } catch let error as EscalationTriggerError {
            throw error
        } catch {
            throw EscalationTriggerError(file: url.path, line: 1, problem: "nicht lesbar (\(error.localizedDescription)).")
        }
    }

    /// The categories a message hits, in file order.
    public func categories(hitBy text: String) -> [Category] {
        let words = TextFolding.words(in: TextFolding.normalize(text)).map { Self.key($0) }
        guard !words.isEmpty else { return [] }
        return categories.filter { category in
            category.patterns.contains { phrase in
                guard phrase.count <= words.count else { return false }
                return (0...(words.count - phrase.count)).contains { start in
                    phrase.indices.allSatisfy { phrase[$0].matches(words[start + $0]) }
                }
            }
        }
    }

    /// The category with this id.
    public func category(_ id: String) -> Category? { categories.first { $0.id == id } }
}

/// A problem in `knowledge/escalation.txt`.
public struct EscalationTriggerError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var problem: String

    public var description: String { "\(file):\(line): \(problem)" }
}
