import BausteinTestSupport
import Foundation
import Testing

/// A small Musterstadt installation for one workflow test: its own temporary folder with snippets, knowledge,
/// `baustein.yaml` and database, synced and ready for intake. Removed when the test lets go of it, so that tests
/// never share state and can run in parallel.
final class WorkflowWorkspace {
    let directory: URL

    /// The team as a demo declares it: anyone may act as anyone (`trust-cli`). The identity suite maps system users.
    static let configuration = """
        identity: trust-cli
        team:
          - name: anna
            role: staff
          - name: ben
            role: staff
          - name: petra
            role: press
          - name: paul
            role: press
          - name: olaf
            role: department
            department: ordnungsamt
          - name: sabine
            role: department
            department: bauamt
          - name: admin
            role: admin
        departments:
          ordnungsamt: Ordnungsamt
          bauamt: Bauamt
        rules:
          press_approval_for_edited: true
          press_approval_for_flagged: true
          four_eyes: true
          claim: 15m
        """

    static let authority = """
        name: "Stadt Musterstadt"
        website: "https://www.musterstadt.example"
        abfall:
          telefon: "0123 4567-300"
        """

    static let escalation = """
        [notfall] Notfall
        ! Möglicher Notfall: sofort auf 110 und 112 hinweisen.
        brennt
        [presse] Presseanfrage
        redaktion*
        stellungnahme
        """

    /// A body longer than the 280 characters that x allows.
    static let longText = String(
        repeating: "Alle Unterlagen, Gebühren und Fristen finden Sie ausführlich auf unserer Internetseite der Stadt. ", count: 4)

    /// The CLI suite's three snippets, plus ones for channel limits, per-message placeholders and a legal topic.
    static let snippets: [(path: String, contents: String)] = CLITests.snippets + [
        (
            "verkehr/bewohnerparken.md",
            TestEnvironment.snippetFile(
                id: "bewohnerparken", title: "Bewohnerparkausweis",
                questions: ["Wie bekomme ich einen Bewohnerparkausweis?"],
                body: "Guten Tag {{name}}, einen Bewohnerparkausweis beantragen Sie beim Ordnungsamt. " + longText,
                extra: "short: \"Den Bewohnerparkausweis beantragen Sie online: {{amt.website}}\"")
        ),
        (
            "soziales/wohngeld.md",
            TestEnvironment.snippetFile(
                id: "wohngeld", title: "Wohngeld beantragen", questions: ["Wie beantrage ich Wohngeld?"],
                body: "Guten Tag {{name}}, Wohngeld beantragen Sie bei der Wohngeldstelle. " + longText)
        ),
        (
            "recht/widerspruch.md",
            TestEnvironment.snippetFile(
                id: "widerspruch", title: "Widerspruch einlegen", questions: ["Wie lege ich Widerspruch ein?"],
                body: "Guten Tag {{name}}, Ihr Widerspruch muss innerhalb von {{frist}} schriftlich bei uns eingehen.")
        ),
    ]

    init() throws {
        directory = try TestEnvironment.temporaryDirectory()
        for snippet in Self.snippets { try TestEnvironment.write(snippet.contents, to: "snippets/" + snippet.path, in: directory) }
        try TestEnvironment.write(Self.authority, to: "knowledge/authority.yaml", in: directory)
        try TestEnvironment.write(Self.escalation, to: "knowledge/escalation.txt", in: directory)
        try TestEnvironment.write(Self.configuration, to: "baustein.yaml", in: directory)
        let sync = try run(["sync"])
        try #require(sync.status == 0, "sync failed: \(sync)")
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs `baustein` in the workspace, acting as `person` when given, with `input` (or raw `bytes`) on standard input.
    func run(
        _ arguments: [String], as person: String? = nil, input: String? = nil, bytes: Data? = nil, environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLIHarness.Run {
        try CLIHarness.run(
            arguments + (person.map { ["--as", $0] } ?? []), in: directory, input: bytes ?? input.map { Data($0.utf8) },
            environment: environment, sourceLocation: sourceLocation)
    }

    /// Starts `baustein` without waiting, for tests that race two processes.
    func start(_ arguments: [String], as person: String) throws -> CLIHarness.Launched {
        try CLIHarness.start(arguments + ["--as", person], in: directory)
    }

    /// Writes a file into the workspace and returns its path, for `--text-file`.
    func file(_ name: String, _ contents: String) throws -> String {
        try TestEnvironment.write(contents, to: name, in: directory)
        return directory.appendingPathComponent(name).path
    }

    /// One message as a JSON line, as a platform adapter would deliver it.
    static func message(
        id: String, channel: String = "facebook", author: String = "Jana K.", text: String, replyTo: String? = nil
    ) -> String {
        var fields: [String: Any] = [
            "id": id, "channel": channel, "author": author, "text": text, "received_at": "2026-11-01T09:30:00Z", "public": true,
        ]
        fields["reply_to"] = replyTo
        // Strings and a Bool always serialize.
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Feeds JSON lines through `intake --json` and returns the stored items' ids in input order.
    func intake(_ lines: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [Int64] {
        let run = try run(["intake", "--json"], input: lines.joined(separator: "\n") + "\n", sourceLocation: sourceLocation)
        try #require(run.status == 0, "intake failed: \(run)", sourceLocation: sourceLocation)
        return try run.jsonLines().map { try #require(($0["id"] as? NSNumber)?.int64Value, sourceLocation: sourceLocation) }
    }

    /// The item's state as `show --json` reports it.
    func state(of id: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let show = try run(["show", String(id), "--json"], sourceLocation: sourceLocation)
        try #require(show.status == 0, "show failed: \(show)", sourceLocation: sourceLocation)
        return try (show.json()["entry"] as? [String: Any])?["state"] as? String
    }

    /// The item's audit rows, oldest first.
    func audit(_ id: Int64, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let audit = try run(["audit", "--item", String(id), "--json"], sourceLocation: sourceLocation)
        try #require(audit.status == 0, "audit failed: \(audit)", sourceLocation: sourceLocation)
        return try audit.jsonLines()
    }

    /// Hands every approved reply to delivery, as the delivery script does, and returns the exported lines.
    func export(sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let export = try run(["outbox", "export", "--jsonl"], as: "admin", sourceLocation: sourceLocation)
        try #require(export.status == 0, "export failed: \(export)", sourceLocation: sourceLocation)
        return try export.jsonLines()
    }

    /// Ids in a `--json` listing (`queue`, `outbox`).
    static func ids(_ run: CLIHarness.Run, key: String = "id") throws -> [Int64] {
        try run.jsonLines().compactMap { ($0[key] as? NSNumber)?.int64Value }
    }
}
