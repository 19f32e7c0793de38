import Foundation

/// A snippet together with the file it came from.
public struct SnippetSource: Sendable, Hashable {
    public var snippet: Snippet
    /// Path relative to the snippets folder, e.g. `buergeramt/personalausweis-beantragen.md`.
    public var path: String

    public init(snippet: Snippet, path: String) {
        self.snippet = snippet
        self.path = path
    }
}

/// The snippets folder the press office maintains: every `*.md` below it except drafts.
public struct SnippetLibrary: Sendable {
    /// Snippets that parsed cleanly, sorted by id.
    public var snippets: [SnippetSource]
    /// Every problem in every file; sync refuses to run while there are any.
    public var problems: [SnippetFileError]

    /// Reads and checks every snippet file below `directory`.
    ///
    /// Folders and files starting with `_` or `.` (such as `_drafts/`) and `README.md` files are skipped.
    public static func load(directory: URL, authority: AuthorityFacts) throws -> SnippetLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SnippetLibraryError.notADirectory(directory.path)
        }
        var snippets: [SnippetSource] = []
        var problems: [SnippetFileError] = []
        var firstFileForID: [String: String] = [:]
        for relative in markdownFiles(below: directory) {
            let url = directory.appendingPathComponent(relative)
            let displayPath = displayName(directory: directory, relative: relative)
            let contents: String
            do {
                contents = try String(contentsOf: url, encoding: .utf8)
            } catch {
                problems.append(SnippetFileError(file: displayPath, line: 1, reason: .unreadable("kein gültiges UTF-8")))
                continue
            }
            switch SnippetFile.parse(contents: contents, path: displayPath, authority: authority) {
            case .success(let snippet):
                if let other = firstFileForID[snippet.id] {
                    let line = idLine(in: contents)
                    problems.append(SnippetFileError(file: displayPath, line: line, reason: .duplicateID(id: snippet.id, otherFile: other)))
                } else {
                    firstFileForID[snippet.id] = displayPath
                    snippets.append(SnippetSource(snippet: snippet, path: relative))
                }
            case .failure(let errors):
                problems.append(contentsOf: errors.problems)
            }
        }
        snippets.sort { $0.snippet.id < $1.snippet.id }
        return SnippetLibrary(snippets: snippets, problems: problems)
    }

    /// Problems with `answers:` fields that name an escalation category the triggers file does not have (a typo
    /// there would silently keep a snippet from being offered for its category).
    public func unknownCategories(in triggers: EscalationTriggers, directory: URL) -> [SnippetFileError] {
        let known = triggers.categories.map(\.id)
        return snippets.flatMap { source -> [SnippetFileError] in
            let unknown = (source.snippet.answers ?? []).filter { !known.contains($0) }
            guard !unknown.isEmpty else { return [] }
            let contents = (try? String(contentsOf: directory.appendingPathComponent(source.path), encoding: .utf8)) ?? ""
            let line = (TextLines.split(contents).firstIndex { $0.hasPrefix("answers:") } ?? 0) + 1
            let file = Self.displayName(directory: directory, relative: source.path)
            return unknown.map { SnippetFileError(file: file, line: line, reason: .unknownCategory($0, known: known)) }
        }
    }

    private static func displayName(directory: URL, relative: String) -> String {
        let base = directory.relativePath
        return base == "." ? relative : (base as NSString).appendingPathComponent(relative)
    }

    private static func idLine(in contents: String) -> Int {
        let lines = TextLines.split(contents)
        return (lines.firstIndex { $0.hasPrefix("id:") } ?? 0) + 1
    }

    /// Relative paths of snippet files, sorted, so that problems and duplicate detection are deterministic.
    static func markdownFiles(below directory: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix("_") || $0.hasPrefix(".") }) { continue }
            guard relative.hasSuffix(".md"), components.last?.lowercased() != "readme.md" else { continue }
            files.append(relative)
        }
        return files.sorted()
    }
}

/// Problems with the snippets folder as a whole.
public enum SnippetLibraryError: Error, Equatable, CustomStringConvertible {
    case notADirectory(String)

    public var description: String {
        switch self {
        case .notADirectory(let path):
            return "\(path) ist kein Ordner. Den Ordner mit den Textbausteinen angeben (Standard: snippets/)."
        }
    }
}
