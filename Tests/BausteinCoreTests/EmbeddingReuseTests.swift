@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing
import Synchronization

/// An embedder that records each call (its role and texts) and answers with trigram vectors.
final class RecordingEmbedder: TextEmbedder, Sendable {
    let modelID = "trigram-test/1"
    let dimension = 64
    private let vectors = TrigramEmbedder()
    private let calls = Mutex<[(role: EmbeddingRole, texts: [String])]>([])

    func embed(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]] {
        calls.withLock { $0.append((role, texts)) }
        return try vectors.embed(texts, as: role)
    }

    func texts(_ role: EmbeddingRole) -> [String] { calls.withLock { $0.filter { $0.role == role }.flatMap(\.texts) } }
    func callCount(_ role: EmbeddingRole) -> Int { calls.withLock { $0.filter { $0.role == role }.count } }
}

/// Sentence vectors are computed once: a snippet's once per text for good (across restarts), a question's once per
/// burst, all of a burst's questions together.
@Suite("Embedding reuse")
struct EmbeddingReuseTests {

    @Test("a restarted process syncing an unchanged base embeds nothing; the first sync reports its progress")
    func unchangedBaseAfterRestart() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("baustein.sqlite").path
        let snippets = directory.appendingPathComponent("snippets")
        let embedder = RecordingEmbedder()
        var reported: [WorkProgress] = []
        do {
            let knowledgeBase = try KnowledgeBase(path: path, clock: TestEnvironment.clock)
            try TestEnvironment.sync(MeaningChannelTests.files, in: snippets, into: knowledgeBase)
            let channel = MeaningChannel(embedder: embedder, cache: knowledgeBase.embeddingCache)
            #expect(try channel.refresh(knowledgeBase) { reported.append($0) } == 10)
        }
        #expect(reported.last == WorkProgress(done: 10, total: 10))
        #expect(embedder.texts(.passage).count == 10)

        // As `baustein sync` in a new process: the database file opened anew, the same files synced again.
        reported = []
        let reopened = try KnowledgeBase(path: path, clock: TestEnvironment.clock)
        let report = try TestEnvironment.sync(MeaningChannelTests.files, in: snippets, into: reopened)
        #expect(report.unchanged.count == 3 && !report.hasChanges)
        let channel = MeaningChannel(embedder: embedder, cache: reopened.embeddingCache)
        #expect(try channel.refresh(reopened) { reported.append($0) } == 0)
        #expect(try channel.prune(reopened) == 0)
        #expect(reported.isEmpty)
        #expect(embedder.texts(.passage).count == 10)
    }

    @Test("many texts are embedded in batches on all cores, each stored batch reported, every vector in its text's place")
    func batchesAndProgress() throws {
        let knowledgeBase = try KnowledgeBase.inMemory(clock: TestEnvironment.clock)
        let embedder = RecordingEmbedder()
        let texts = (0..<(EmbeddingCache.batchSize + 8)).map { "Frage Nummer \($0) zur Abholung von Sperrmüll" }
        var reported: [WorkProgress] = []
        let result = try knowledgeBase.embeddingCache.vectors(for: texts + texts.prefix(3), role: .passage, embedder: embedder) {
            reported.append($0)
        }
        #expect(result.computed == texts.count)
        #expect(reported == [WorkProgress(done: EmbeddingCache.batchSize, total: texts.count), WorkProgress(done: texts.count, total: texts.count)])
        let expected = try TrigramEmbedder().embed(texts + texts.prefix(3), as: .passage)
        #expect(result.vectors == expected)
        // One call per core and batch, never one per text.
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        #expect(embedder.callCount(.passage) <= 2 * cores)
        #expect(Set(embedder.texts(.passage)).count == texts.count && embedder.texts(.passage).count == texts.count)
    }

    @Test("a batch of questions is embedded together before matching; matching then embeds nothing, a repeat costs nothing")
    func queriesEmbeddedOncePerBurst() throws {
        let (knowledgeBase, directory) = try MeaningChannelTests.knowledgeBase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let embedder = RecordingEmbedder()
        let channel = MeaningChannel(embedder: embedder, cache: knowledgeBase.embeddingCache)
        let workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(), configuration: WorkflowFixture.configuration(),
            triggers: try EscalationTriggers.load(from: WorkflowFixture.shippedTriggers), meaning: channel)
        let questions = [
            "Wo melde ich meinen Hund an?", "Sperrmüll abholen lassen", "Wann ist die Quarantäne vorbei?", "Wo melde ich meinen Hund an?",
            "Wie hoch ist die Hundesteuer für zwei Hunde?",
        ]
        try workflow.intake.accept(questions.enumerated().map { IncomingMessage(externalID: "m\($0)", channel: "web", text: $1) })
        let matchedAlone = try Matcher(
            knowledgeBase: knowledgeBase, meaning: MeaningChannel(embedder: TrigramEmbedder(), cache: knowledgeBase.embeddingCache))

        #expect(try workflow.intake.matchPending() == questions.count)
        // Each distinct question once, in at most one call per core.
        #expect(embedder.texts(.query).sorted() == Set(questions).sorted())
        #expect(embedder.callCount(.query) <= max(1, ProcessInfo.processInfo.activeProcessorCount))
        // The suggestions are those of matching each question on its own.
        for (index, question) in questions.enumerated() {
            let stored = try knowledgeBase.index.read { db in
                try String.fetchAll(db, sql: "SELECT snippetId FROM suggestion WHERE itemId = ? ORDER BY rank", arguments: [index + 1])
            }
            #expect(stored == (try matchedAlone.match(question)).suggestions.map(\.snippetID), "\(question)")
        }
        // The same comment again later: its vector is remembered.
        try workflow.intake.accept([IncomingMessage(externalID: "m-again", channel: "web", text: questions[1])])
        #expect(try workflow.intake.matchPending() == 1)
        #expect(embedder.texts(.query).count == Set(questions).count)
        // A question asked directly (`ask`, the API) is embedded on its own and remembered too.
        _ = try workflow.matcher.match("Muss ich den Hund anmelden?")
        _ = try workflow.matcher.match("Muss ich den Hund anmelden?")
        #expect(embedder.texts(.query).filter { $0 == "Muss ich den Hund anmelden?" }.count == 1)
    }

    @Test("the remembered questions are bounded: the oldest are forgotten first")
    func queryCacheIsBounded() {
        let cache = QueryVectorCache(capacity: 3)
        for (index, text) in ["a", "b", "c", "d"].enumerated() { cache.store([Float(index)], for: text) }
        #expect(cache.count == 3)
        #expect(cache.vector(for: "a") == nil && cache.vector(for: "d") == [3])
        #expect(cache.missing(["a", "b", "a", "e"]) == ["a", "e"])
        cache.store([9], for: "b")
        #expect(cache.vector(for: "b") == [9] && cache.count == 3)
    }
}
