import BausteinCore
import Foundation
import GRDB

// `baustein-bench SIZE [WORDLIST]`: builds a synthetic base of SIZE snippets in a temporary database file,
// syncs it, and times the matcher against the raw FTS5 query on the same database. One size per process,
// so that the peak memory (VmHWM) belongs to that size alone. A benchmark, not a test: it prints figures.

let arguments = CommandLine.arguments
// `baustein-bench embed [ROUNDS]`: the meaning channel's question embedding (see EmbeddingBench).
if arguments.count >= 2, arguments[1] == "embed" {
    try EmbeddingBench.run(rounds: arguments.count >= 3 ? Int(arguments[2]) ?? 5 : 5)
    exit(0)
}
guard arguments.count >= 2, let size = Int(arguments[1]), size > 0 else {
    FileHandle.standardError.write(Data("Aufruf: baustein-bench ANZAHL [WORTLISTE]\n".utf8))
    exit(2)
}
let wordListPath = arguments.count >= 3 ? arguments[2] : "/usr/share/dict/ngerman"
guard let wordList = try? String(contentsOfFile: wordListPath, encoding: .utf8) else {
    FileHandle.standardError.write(Data("Wortliste \(wordListPath) fehlt (Debian: apt-get install wngerman).\n".utf8))
    exit(1)
}
// Plain words of 4–14 letters, in a fixed shuffled order so that "common" words are not just those starting with A.
var words = wordList.split(separator: "\n").map(String.init).filter { word in
    (4...14).contains(word.count) && word.allSatisfy(\.isLetter)
}
var base = SyntheticBase(words: [], seed: 42)
for index in stride(from: words.count - 1, to: 0, by: -1) { words.swapAt(index, base.generator.below(index + 1)) }
base = SyntheticBase(words: Array(words.prefix(60_000)), seed: 7)

let snippets = base.snippets(count: size)
let questions = base.questions(from: snippets, count: 400)
// Warm-up uses other questions than the measured ones: a server has seen many words before, but not the
// very questions it is asked, so the matcher's caches must not be primed with the answers.
let warmUpQuestions = base.questions(from: snippets, count: 400)

func milliseconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000 }

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baustein-bench-\(size)-\(getpid())")
defer { try? FileManager.default.removeItem(at: directory) }
let knowledgeBase = try KnowledgeBase(path: directory.appendingPathComponent("bench.sqlite").path)

var start = DispatchTime.now().uptimeNanoseconds
try knowledgeBase.sync(snippets)
let syncSeconds = milliseconds(since: start) / 1000

let matcher = try Matcher(knowledgeBase: knowledgeBase, resources: try KnowledgeResources.load(from: URL(fileURLWithPath: "knowledge")))
start = DispatchTime.now().uptimeNanoseconds
try matcher.prepare()
let prepareSeconds = milliseconds(since: start) / 1000
let analyzer = try Analyzer()
// The raw query reads the same file over a connection of its own: the knowledge base keeps its connections to itself.
var rawConfiguration = Configuration()
rawConfiguration.readonly = true
rawConfiguration.prepareDatabase { db in db.add(tokenizer: BausteinTokenizer.self) }
let rawDatabase = try DatabaseQueue(path: directory.appendingPathComponent("bench.sqlite").path, configuration: rawConfiguration)

// The raw query: the question's own stems, OR-ed, ranked by FTS5's bm25, top 3, on the same database.
func rawQuery(_ question: String) throws -> [Int64] {
    guard let expression = FullTextQuery.anyOf(analyzer.terms(question)) else { return [] }
    return try rawDatabase.read { db in
        try Int64.fetchAll(
            db, sql: "SELECT rowid FROM snippet_fts WHERE snippet_fts MATCH ? ORDER BY bm25(snippet_fts) LIMIT 3", arguments: [expression])
    }
}

// One warm-up pass over other questions (caches, pages), then the measured passes, alternating per question so
// that both see the same machine load.
for question in warmUpQuestions {
    _ = try matcher.match(question)
    _ = try rawQuery(question)
}
var matchTimes: [Double] = []
var rawTimes: [Double] = []
for question in questions {
    start = DispatchTime.now().uptimeNanoseconds
    _ = try matcher.match(question)
    matchTimes.append(milliseconds(since: start))
    start = DispatchTime.now().uptimeNanoseconds
    _ = try rawQuery(question)
    rawTimes.append(milliseconds(since: start))
}

func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes / 1024
}

let matchP50 = matchTimes.percentile(0.5) ?? 0
let matchP99 = matchTimes.percentile(0.99) ?? 0
let rawP50 = rawTimes.percentile(0.5) ?? 0
let rawP99 = rawTimes.percentile(0.99) ?? 0
print(
    String(
        format: "%7d Bausteine  sync %6.2f s  laden %5.2f s  Matcher p50 %6.2f ms p99 %6.2f ms  FTS5 roh p50 %6.2f ms p99 %6.2f ms  Verhältnis p50 %.2f× p99 %.2f×  Spitzen-RSS %5.0f MB",
        size, syncSeconds, prepareSeconds, matchP50, matchP99, rawP50, rawP99, matchP50 / max(rawP50, 0.001),
        matchP99 / max(rawP99, 0.001), peakResidentMegabytes()))
