import Foundation

/// Curated synonyms and abbreviations (`knowledge/synonyms.txt`), applied to citizen questions.
///
/// Each line is a group, entries separated by commas, the first entry the official term:
/// `Personalausweis, Perso, Ausweis`. An entry may have several words. A question that contains any entry
/// is expanded with the terms of the other entries of its group, so "Perso" finds snippets that only say
/// "Personalausweis" and the other way round.
public struct SynonymTable: Sendable {
    /// One group, each entry as its sequence of index terms.
    public struct Group: Sendable, Equatable {
        public var entries: [[String]]
        public var labels: [String]
    }

    public private(set) var groups: [Group] = []
    /// Entry term sequence → indexes of groups that contain it.
    private var entryIndex: [[String]: [Int]] = [:]
    private(set) var longestEntry = 0

    public init() {}

    /// Parses the synonyms file format; `file` names the source in error messages.
    public init(contents: String, file: String = "synonyms.txt", analyzer: Analyzer) throws {
        for (offset, rawLine) in TextLines.split(contents).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            if line.isEmpty { continue }
            let labels = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard labels.count >= 2 else {
                throw AnalysisError.badSynonymLine(
                    file: file, line: offset + 1,
                    reason: "a synonym group needs at least two entries separated by commas")
            }
            // Entries made only of stop words ("danke") can never match a question; they are left out.
            let usable = labels.map { ($0, analyzer.terms($0)) }.filter { !$0.1.isEmpty }
            guard usable.count >= 2 else { continue }
            add(Group(entries: usable.map(\.1), labels: usable.map(\.0)))
        }
    }

    /// Loads a synonyms file; a missing file is an empty table.
    public static func load(from url: URL, analyzer: Analyzer) throws -> SynonymTable {
        guard FileManager.default.fileExists(atPath: url.path) else { return SynonymTable() }
        let contents = try String(contentsOf: url, encoding: .utf8)
        return try SynonymTable(contents: contents, file: url.path, analyzer: analyzer)
    }

    mutating func add(_ group: Group) {
        let index = groups.count
        groups.append(group)
        for entry in Set(group.entries) {
            entryIndex[entry, default: []].append(index)
            longestEntry = max(longestEntry, entry.count)
        }
    }

    /// One expansion found in a term sequence.
    public struct Expansion: Equatable, Sendable {
        /// The matched entry's label, for reasons shown to staff.
        public var matched: String
        /// The entry's own terms, as found in the text.
        public var matchedTerms: [String]
        /// Terms to add (those of the group's other entries).
        public var terms: [String]
    }

    /// Finds every entry in the term sequence (longest first) and returns the terms of its group's other entries.
    public func expansions(of terms: [String]) -> [Expansion] {
        guard !groups.isEmpty else { return [] }
        var result: [Expansion] = []
        var position = 0
        while position < terms.count {
            var matchedLength = 0
            var length = min(longestEntry, terms.count - position)
            while length >= 1 {
                let slice = Array(terms[position..<position + length])
                if let groupIndexes = entryIndex[slice] {
                    for groupIndex in groupIndexes {
                        let group = groups[groupIndex]
                        let label = group.labels[group.entries.firstIndex(of: slice) ?? 0]
                        let added = group.entries.filter { $0 != slice }.flatMap { $0 }
                        result.append(Expansion(matched: label, matchedTerms: slice, terms: added))
                    }
                    matchedLength = length
                    break
                }
                length -= 1
            }
            position += max(matchedLength, 1)
        }
        return result
    }
}
