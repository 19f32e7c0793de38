import CStemmer
import Foundation
import Synchronization

/// Snowball German stemming through Debian's libstemmer (the classic German algorithm).
///
/// libstemmer's stemmer objects are not thread-safe, so each instance keeps its C stemmer in a mutex, with a small
/// cache: citizen questions repeat the same words, and stemming is the hot path of analysis.
public final class GermanStemmer: Sendable {
    private struct State {
        let stemmer: OpaquePointer
        var cache: [String: String] = [:]
    }

    private let state: Mutex<State>
    private let cacheLimit = 50_000

    /// Creates a stemmer; fails only when libstemmer lacks the German algorithm.
    public init() throws {
        guard let stemmer = sb_stemmer_new("german", "UTF_8") else {
            throw AnalysisError.stemmerUnavailable
        }
        state = Mutex(State(stemmer: stemmer))
    }

    deinit {
        state.withLock { sb_stemmer_delete($0.stemmer) }
    }

    /// Returns the stem of one lowercase word, exactly as Snowball's German algorithm defines it.
    public func stem(_ word: String) -> String {
        state.withLock { state in
            if let cached = state.cache[word] { return cached }
            var utf8 = Array(word.utf8)
            let result: String = utf8.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress,
                    let output = sb_stemmer_stem(state.stemmer, base, Int32(buffer.count))
                else { return word }
                let length = Int(sb_stemmer_length(state.stemmer))
                return String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self)
            }
            if state.cache.count >= cacheLimit { state.cache.removeAll(keepingCapacity: true) }
            state.cache[word] = result
            return result
        }
    }
}
