import Foundation

/// The language resources and local facts in `knowledge/` that ship with the product.
public struct KnowledgeResources: Sendable {
    public var authority: AuthorityFacts
    public var synonyms: SynonymTable

    public init(authority: AuthorityFacts = AuthorityFacts(), synonyms: SynonymTable = SynonymTable()) {
        self.authority = authority
        self.synonyms = synonyms
    }

    /// Loads `authority.yaml` and `synonyms.txt` from a folder; missing files mean no facts or no synonyms.
    public static func load(from directory: URL) throws -> KnowledgeResources {
        let analyzer = try Analyzer()
        return KnowledgeResources(
            authority: try AuthorityFacts.load(from: directory.appendingPathComponent("authority.yaml")),
            synonyms: try SynonymTable.load(from: directory.appendingPathComponent("synonyms.txt"), analyzer: analyzer))
    }

    /// Reads snippets from a snippets folder or from an FAQ in JSON lines (`.jsonl`).
    public func snippetSources(at url: URL, importedOn: Day) throws -> [SnippetSource] {
        if url.pathExtension == "jsonl" {
            let contents = try String(contentsOf: url, encoding: .utf8)
            return try FAQImporter.snippets(fromJSONLines: contents, file: url.path, importedOn: importedOn).map {
                SnippetSource(snippet: $0, path: url.lastPathComponent)
            }
        }
        let library = try SnippetLibrary.load(directory: url, authority: authority)
        guard library.problems.isEmpty else { throw SyncError.lintFailed(library.problems) }
        return library.snippets
    }
}
