import Foundation

extension TextEmbedder {
    /// The vectors of `texts`, in order, computed on all cores: one call per core, each on a share of the texts and on
    /// its own thread alone (``embedAlone(_:as:)``), never one call spreading over cores that the others occupy.
    public func embedOnAllCores(_ texts: [String], as role: EmbeddingRole, priority: WorkPriority = .normal) throws -> [[Float]] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, texts.count))
        // One text (a message trickling in alone) or one core: a single call, spread over the cores the engine may use.
        guard workers > 1 else { return try embed(texts, as: role) }
        // Texts dealt out longest first, so that each share has about as many tokens: the calls end with the slowest.
        let order = texts.indices.sorted { texts[$0].utf8.count > texts[$1].utf8.count }
        var shares = Array(repeating: [Int](), count: workers)
        for (rank, index) in order.enumerated() { shares[rank % workers].append(index) }
        let parts = try shares.parallelMap(priority: priority) { share in try self.embedAlone(share.map { texts[$0] }, as: role) }
        var vectors = Array(repeating: [Float](), count: texts.count)
        for (share, part) in zip(shares, parts) {
            for (index, vector) in zip(share, part) { vectors[index] = vector }
        }
        return vectors
    }
}
