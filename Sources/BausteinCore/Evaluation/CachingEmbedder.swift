/// An embedder that keeps every vector it computes in an ``EmbeddingCache``, the questions' too: `baustein eval` asks
/// the same questions run after run, mode after mode and fold after fold, and the model need not embed them again.
///
/// Only for evaluation: a citizen's message is asked once, and storing its vector would keep personal data.
public struct CachingEmbedder: TextEmbedder {
    public let inner: any TextEmbedder
    public let cache: EmbeddingCache

    public init(_ inner: any TextEmbedder, cache: EmbeddingCache) {
        self.inner = inner
        self.cache = cache
    }

    public var modelID: String { inner.modelID }
    public var dimension: Int { inner.dimension }

    public func embed(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]] {
        try cache.vectors(for: texts, role: role, embedder: inner).vectors
    }
}
