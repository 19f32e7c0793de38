import Foundation
import Yams

/// The authority's local facts (`knowledge/authority.yaml`) that fill `{{amt.*}}` placeholders.
public struct AuthorityFacts: Sendable, Equatable {
    /// Flattened keys: a nested `buergeramt: {telefon: …}` becomes `buergeramt.telefon`.
    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }

    /// Parses the YAML file; nested maps are flattened with dots, every leaf must be a scalar.
    public init(yaml: String, file: String) throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw SnippetFileError(file: file, line: error.line, reason: .invalidYAML(error.problem))
        }
        guard let mapping = node?.mapping else {
            throw SnippetFileError(file: file, line: 1, reason: .frontMatterNotAMapping)
        }
        var values: [String: String] = [:]
        func flatten(_ mapping: Node.Mapping, prefix: String) throws {
            for (key, value) in mapping {
                let name = prefix + (key.string ?? "")
                if let nested = value.mapping {
                    try flatten(nested, prefix: name + ".")
                } else if let scalar = value.scalar {
                    values[name] = scalar.string
                } else {
                    throw SnippetFileError(
                        file: file, line: key.mark?.line ?? 1, reason: .wrongType(field: name, expected: "ein Text oder eine Gruppe"))
                }
            }
        }
        try flatten(mapping, prefix: "")
        self.values = values
    }

    /// Loads the file, or returns no facts when it does not exist.
    public static func load(from url: URL) throws -> AuthorityFacts {
        guard FileManager.default.fileExists(atPath: url.path) else { return AuthorityFacts() }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try AuthorityFacts(yaml: text, file: url.path)
    }
}

extension YamlError {
    /// One-based line of the problem, where the parser knows it.
    var line: Int {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        case .duplicatedKeysInMapping(_, let context):
            return context.mark.line
        default:
            return 1
        }
    }

    /// The parser's own words for the problem.
    var problem: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "Feld doppelt angegeben: \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: self)
        }
    }
}
