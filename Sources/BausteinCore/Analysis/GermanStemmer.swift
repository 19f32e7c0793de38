import CStemmer
import Foundation

/// Snowball German stemming through Debian's libstemmer (the classic German algorithm).
///
/// libstemmer's stemmer objects are not thread-safe, so each instance guards its C stemmer with a lock and
/// keeps a small cache: citizen questions repeat the same words, and stemming is the hot path of analysis.
public final class GermanStemmer: @unchecked Sendable {
    private let stemmer: OpaquePointer
    private let lock = NSLock()
    private var cache: [String: String] = [:]
    private let cacheLimit = 50_000

    /// Creates a stemmer; fails only when libstemmer lacks the German algorithm.
    public init() throws {
        guard let stemmer = sb_stemmer_new("german", "UTF_8") else {
            throw AnalysisError.stemmerUnavailable
        }
        self.stemmer = stemmer
    }

    deinit {
        sb_stemmer_delete(stemmer)
    }

    /// Returns the stem of one lowercase word, exactly as Snowball's German algorithm defines it.
    public func stem(_ word: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[word] { return cached }
        var utf8 = Array(word.utf8)
        let result: String = utf8.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                let output = sb_stemmer_stem(stemmer, base, Int32(buffer.count))
            else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
        }
        if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
        cache[word] = result
        return result
    }
}
