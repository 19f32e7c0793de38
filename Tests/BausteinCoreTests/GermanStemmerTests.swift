import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The index and the citizen's question meet only if both are stemmed exactly as Snowball's German algorithm
/// says; a stemmer that drifts silently turns answers into misses.
@Suite("German stemmer")
struct GermanStemmerTests {
    @Test(
        "every word of Snowball's German vocabulary stems as in the reference output",
        .enabled(if: TestEnvironment.sharedDirectory != nil, "needs ../shared (developer machines and CI only)"))
    func snowballVocabulary() throws {
        let directory = try #require(TestEnvironment.sharedDirectory).appendingPathComponent("fixtures/snowball-german")
        let words = try Self.lines(of: directory.appendingPathComponent("voc.txt"))
        let stems = try Self.lines(of: directory.appendingPathComponent("output.txt"))
        try #require(words.count == 35_033, "voc.txt should hold 35,033 words, has \(words.count)")
        try #require(stems.count == words.count, "output.txt has \(stems.count) lines for \(words.count) words")

        let stemmer = try GermanStemmer()
        var mismatches: [String] = []
        var mismatchCount = 0
        for (index, (word, expected)) in zip(words, stems).enumerated() {
            let actual = stemmer.stem(word)
            if actual != expected {
                mismatchCount += 1
                if mismatches.count < 10 { mismatches.append("line \(index + 1): \(word) → \(actual), expected \(expected)") }
            }
        }
        #expect(
            mismatchCount == 0,
            "\(mismatchCount) of \(words.count) words stem differently; first ones:\n\(mismatches.joined(separator: "\n"))")
    }

    @Test(
        "known stems",
        arguments: [
            ("aalglatten", "aalglatt"),
            ("häuser", "haus"),
            ("schönheit", "schonheit"),
            ("straße", "strass"),
            ("aufeinanderfolgenden", "aufeinanderfolg"),
            ("kategorischen", "kategor"),
            ("personalausweis", "personalausweis"),
        ])
    func knownStems(word: String, stem: String) throws {
        #expect(try GermanStemmer().stem(word) == stem)
    }

    @Test("inflected forms of one word share a stem")
    func inflectionsShareAStem() throws {
        let stemmer = try GermanStemmer()
        #expect(stemmer.stem("anmelden") == stemmer.stem("anmeldung"))
        #expect(stemmer.stem("gebühren") == stemmer.stem("gebühr"))
        #expect(stemmer.stem("ausweise") == stemmer.stem("ausweis"))
    }

    @Test("repeated and concurrent use answers the same")
    func concurrentUse() async throws {
        let stemmer = try GermanStemmer()
        let words = ["häuser", "straße", "kategorischen", "aalglatten"]
        let expected = words.map(stemmer.stem)
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { words.map(stemmer.stem) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0 == expected })
    }

    /// The file's lines without the final empty one after the last newline.
    static func lines(of url: URL) throws -> [String] {
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
