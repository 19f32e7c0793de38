import BausteinPostgres
import Foundation

/// A database of its own on the test server for one test, dropped afterwards.
struct TestDatabase {
    /// The server's URL from the environment, nil when the tests are to be skipped.
    static let serverURL: String? = ProcessInfo.processInfo.environment["BAUSTEIN_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// The repository's test server script.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/postgres-test-server.sh")

    /// Whether `BAUSTEIN_TEST_POSTGRES` is the script's server, which a test may stop and start.
    static let serverIsTheScripts: Bool = {
        guard let serverURL, let printed = try? runScript("url") else { return false }
        return printed.trimmingCharacters(in: .whitespacesAndNewlines) == serverURL
    }()

    /// The self-signed certificate that the script made for its server, if that is the server under test.
    static let serverCertificate: String? = {
        guard serverIsTheScripts else { return nil }
        let path = script.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build-pg/server.crt").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    /// Runs scripts/postgres-test-server.sh with `argument` (start, stop, url) and returns what it printed.
    @discardableResult
    static func runScript(_ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, argument]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScriptFailed(argument: argument) }
        return String(decoding: data, as: UTF8.self)
    }

    struct ScriptFailed: Error {
        var argument: String
    }

    /// The settings for the server's own database (`BAUSTEIN_TEST_POSTGRES` as it is).
    static func serverSettings() throws -> PostgresSettings {
        guard let serverURL else { throw TestServerMissing() }
        return try PostgresSettings(url: serverURL)
    }

    /// Runs `body` with a new, empty database, with the server's settings but the pool size and timeouts given.
    @discardableResult
    static func with<T>(
        poolSize: Int? = nil,
        statementTimeoutMilliseconds: Int? = nil,
        connectTimeoutSeconds: Int? = nil,
        _ body: (PostgresDatabase, PostgresSettings) throws -> T
    ) throws -> T {
        let admin = try PostgresDatabase(settings: try serverSettings())
        defer { admin.close() }
        let name = "baustein_t_" + UUID().uuidString.prefix(8).lowercased()
        try admin.autocommit { try $0.execute("CREATE DATABASE \(name)") }
        defer { _ = try? admin.autocommit { try $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }
        var settings = try serverSettings()
        settings.database = name
        settings.poolSize = poolSize ?? settings.poolSize
        settings.statementTimeoutMilliseconds = statementTimeoutMilliseconds ?? settings.statementTimeoutMilliseconds
        settings.connectTimeoutSeconds = connectTimeoutSeconds ?? settings.connectTimeoutSeconds
        let database = try PostgresDatabase(settings: settings)
        defer { database.close() }
        return try body(database, settings)
    }

    struct TestServerMissing: Error {}
}
