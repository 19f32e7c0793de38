import Foundation

/// The language resources and local facts in `knowledge/` that ship with the product.
public struct KnowledgeResources: Sendable {
    public var authority: AuthorityFacts
    public var synonyms: SynonymTable
    /// The general thesaurus file (weak, vocabulary-filtered evidence, see ``Thesaurus``); nil for none.
    /// It is read only when a matcher needs it: lint and sync do without.
    public var thesaurusFile: URL?

    public init(authority: AuthorityFacts = AuthorityFacts(), synonyms: SynonymTable = SynonymTable(), thesaurusFile: URL? = nil) {
        self.authority = authority
        self.synonyms = synonyms
        self.thesaurusFile = thesaurusFile
    }

    /// The thesaurus, parsed once per process (an empty one when there is no file).
    public func thesaurus() throws -> Thesaurus {
        guard let thesaurusFile else { return .empty }
        return try Thesaurus.shared(from: thesaurusFile)
    }

    /// Loads `authority.yaml`, `synonyms.txt` and the thesaurus from a folder; missing files mean no facts, no
    /// synonyms or no thesaurus. The thesaurus is `thesaurus.txt` in the folder if there is one, else Debian's
    /// `openthesaurus-de-text` (`make` installs it).
    public static func load(from directory: URL) throws -> KnowledgeResources {
        let analyzer = try Analyzer()
        let local = directory.appendingPathComponent("thesaurus.txt")
        let thesaurusURL = FileManager.default.fileExists(atPath: local.path) ? local : URL(fileURLWithPath: Thesaurus.debianPath)
        return KnowledgeResources(
            authority: try AuthorityFacts.load(from: directory.appendingPathComponent("authority.yaml")),
            synonyms: try SynonymTable.load(from: directory.appendingPathComponent("synonyms.txt"), analyzer: analyzer),
            thesaurusFile: thesaurusURL)
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
