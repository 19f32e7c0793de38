import Foundation
import GRDB

/// Vectors by model and text, so that a snippet is embedded once, not on every sync or start.
///
/// Content-addressed: the key is the SHA-256 of the role and the text, so a changed snippet simply gets a new
/// vector and an unchanged one keeps its own. It lives in the knowledge base (table `embedding`) or, for
/// `baustein eval` over an in-memory base, in a file of its own.
public final class EmbeddingCache: Sendable {
    private let writer: any DatabaseWriter

    /// A cache in an existing database whose migrations created the table.
    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// A cache file of its own (created when missing).
    public static func file(at path: String) throws -> EmbeddingCache {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in try DatabaseSchema.createEmbeddingTable(db) }
            return EmbeddingCache(writer: queue)
        } catch let error as DatabaseError {
            throw StorageError.cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        } catch {
            throw StorageError.cannotOpen(path: path, reason: error.localizedDescription)
        }
    }

    static func digest(_ text: String, role: EmbeddingRole) -> String {
        Hashing.sha256Hex(of: "\(role.rawValue)\n\(text)")
    }

    /// The vectors of `texts`, computing and storing only those not cached yet.
    ///
    /// - Parameter progress: called after each stored batch with how many of the missing texts are done.
    /// - Returns: the vectors in order, and how many had to be computed.
    public func vectors(
        for texts: [String], role: EmbeddingRole, embedder: any TextEmbedder, progress: ((WorkProgress) -> Void)? = nil
    ) throws -> (vectors: [[Float]], computed: Int) {
        let digests = texts.map { Self.digest($0, role: role) }
        var known: [String: [Float]] = [:]
        try writer.read { db in
            for chunk in stride(from: 0, to: digests.count, by: 500) {
                let part = Array(digests[chunk..<min(chunk + 500, digests.count)])
                let rows = try Row.fetchAll(
                    db, sql: "SELECT digest, vector FROM embedding WHERE model = ? AND digest IN (\(part.map { _ in "?" }.joined(separator: ",")))",
                    arguments: StatementArguments([embedder.modelID] + part))
                for row in rows {
                    let vector = Self.decode(row["vector"])
                    if vector.count == embedder.dimension { known[row["digest"]] = vector }
                }
            }
        }
        var missing: [Int] = []
        var seen: Set<String> = []
        for (index, digest) in digests.enumerated() where known[digest] == nil && seen.insert(digest).inserted { missing.append(index) }
        // Batches keep memory bounded (the engine holds a batch's activations) and let each one be stored before the
        // next is computed, so an interrupted first sync keeps what it had done; each batch runs on all cores.
        for chunk in stride(from: 0, to: missing.count, by: Self.batchSize) {
            let part = Array(missing[chunk..<min(chunk + Self.batchSize, missing.count)])
            let computed = try embedder.embedOnAllCores(part.map { texts[$0] }, as: role)
            try writer.write { db in
                for (index, vector) in zip(part, computed) {
                    known[digests[index]] = vector
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO embedding (model, digest, vector) VALUES (?, ?, ?)",
                        arguments: [embedder.modelID, digests[index], Self.encode(vector)])
                }
            }
            progress?(WorkProgress(done: chunk + part.count, total: missing.count))
        }
        return (digests.map { known[$0] ?? [] }, missing.count)
    }

    /// Texts embedded per batch: 16 per core on 2 cores; a batch of long passages holds about 300 MB of activations.
    static let batchSize = 32

    /// Removes vectors of texts that are no longer in use.
    ///
    /// - Returns: how many were removed.
    @discardableResult
    public func prune(keeping texts: [(String, EmbeddingRole)], model: String) throws -> Int {
        let keep = Set(texts.map { Self.digest($0.0, role: $0.1) })
        return try writer.write { db in
            let stored = try String.fetchAll(db, sql: "SELECT digest FROM embedding WHERE model = ?", arguments: [model])
            var removed = 0
            for digest in stored where !keep.contains(digest) {
                try db.execute(sql: "DELETE FROM embedding WHERE model = ? AND digest = ?", arguments: [model, digest])
                removed += 1
            }
            return removed
        }
    }

    static func encode(_ vector: [Float]) -> Data {
        vector.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func decode(_ data: Data) -> [Float] {
        data.withUnsafeBytes { raw in Array(raw.bindMemory(to: Float.self)) }
    }
}
