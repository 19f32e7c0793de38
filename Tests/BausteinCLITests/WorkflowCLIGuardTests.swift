import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// What keeps the workflow safe, through the real binary: racing processes, a tampered audit table, bad input,
/// people without the right, and replies that do not fit their channel.
@Suite("baustein workflow CLI: races, tampering, bad input, permissions, rendering")
struct WorkflowCLIGuardTests {
    typealias Workspace = WorkflowWorkspace

    // MARK: Two people, one item

    @Test("two processes confirming the same item at once: exactly one wins, one outbox entry")
    func confirmRace() throws {
        let workspace = try Workspace()
        let questions = [
            "Wann wird der Sperrmüll abgeholt?", "Mein Personalausweis ist abgelaufen", "Wie hoch ist die Hundesteuer?",
            "Wie melde ich Sperrmüll an?", "Wie beantrage ich einen neuen Personalausweis?", "Wie melde ich meinen Hund zur Steuer an?",
        ]
        let ids = try workspace.intake(questions.enumerated().map { Workspace.message(id: "fb-\($0.offset)", text: $0.element) })
        try #require(ids.count == questions.count)

        for id in ids {
            // Both started before either is waited for, so that they really overlap.
            let first = try workspace.start(["confirm", String(id)], as: "anna")
            let second = try workspace.start(["confirm", String(id)], as: "ben")
            let runs = [try first.wait(), try second.wait()]
            let winners = runs.filter { $0.status == 0 }
            let losers = runs.filter { $0.status != 0 }
            #expect(winners.count == 1 && losers.count == 1, "item #\(id): \(runs)")
            if let loser = losers.first {
                #expect(loser.errors.hasPrefix("Fehler: "), "\(loser)")
                #expect(
                    loser.stderr.contains("nicht möglich") || loser.stderr.contains("inzwischen geändert")
                        || loser.stderr.contains("bearbeitet diesen Eintrag gerade"), "no clear German reason: \(loser)")
                #expect(!loser.stderr.lowercased().contains("sqlite"), "a database error leaked: \(loser)")
            }
            #expect(try workspace.audit(id).filter { $0["action"] as? String == "confirm" }.count == 1)
        }
        let exported = try workspace.export()
        #expect(exported.count == ids.count, "\(exported)")
        #expect(Set(exported.compactMap { ($0["id"] as? NSNumber)?.int64Value }) == Set(ids))
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    // MARK: Tampering

    /// Changes the workspace's database behind Baustein's back, as someone with file access could.
    static func tamper(_ workspace: Workspace, _ sql: String) throws {
        let queue = try DatabaseQueue(path: workspace.directory.appendingPathComponent("db/baustein.sqlite").path)
        try queue.write { db in try db.execute(sql: sql) }
        try queue.close()
    }

    @Test("audit verify names a row whose text, digest or actor was changed in SQLite")
    func tamperedAudit() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?"),
            Workspace.message(id: "fb-2", text: "Wie hoch ist die Hundesteuer?"),
        ])
        for id in ids { #expect(try workspace.run(["confirm", String(id)], as: "anna").status == 0) }
        // receive, receive, confirm, confirm
        let intact = try workspace.run(["audit", "verify"])
        #expect(intact.status == 0 && intact.stdout.contains("4 Zeilen"), "\(intact)")
        let original = try #require(try workspace.audit(ids[0]).first { $0["seq"] as? Int == 3 }?["text"] as? String)

        try Self.tamper(workspace, "UPDATE audit SET text = 'Wir holen nichts ab.' WHERE seq = 3")
        let altered = try workspace.run(["audit", "verify"])
        #expect(altered.status != 0, "\(altered)")
        #expect(altered.stderr.contains("Zeile 3 wurde verändert"), "\(altered)")
        let json = try workspace.run(["audit", "verify", "--json"])
        #expect(json.status != 0, "\(json)")
        #expect(((try json.json()["problem"] as? [String: Any])?["altered"] as? [String: Any])?["seq"] as? Int == 3, "\(json)")

        // Putting the text back restores the chain: the check is about content, not about a write having happened.
        try Self.tamper(workspace, "UPDATE audit SET text = '\(original.replacingOccurrences(of: "'", with: "''"))' WHERE seq = 3")
        #expect(try workspace.run(["audit", "verify"]).status == 0)

        // A forger who also updates the text's digest still breaks the row's hash; so does changing who acted.
        let forged = "Wir holen nichts ab."
        try Self.tamper(workspace, "UPDATE audit SET text = '\(forged)', textDigest = '\(Hashing.sha256Hex(of: forged))' WHERE seq = 4")
        let digestForged = try workspace.run(["audit", "verify"])
        #expect(digestForged.status != 0 && digestForged.stderr.contains("Zeile 4 wurde verändert"), "\(digestForged)")
        try Self.tamper(workspace, "UPDATE audit SET actor = 'petra' WHERE seq = 1")
        let reassigned = try workspace.run(["audit", "verify"])
        #expect(reassigned.status != 0 && reassigned.stderr.contains("Zeile 1 wurde verändert"), "the first bad row is named: \(reassigned)")
    }

    @Test("audit verify names a deleted newest row and a deleted row in the middle")
    func deletedAuditRows() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wie hoch ist die Hundesteuer?"), Workspace.message(id: "fb-2", text: "Wie melde ich Sperrmüll an?"),
        ])
        for id in ids { #expect(try workspace.run(["confirm", String(id)], as: "anna").status == 0) }
        #expect(try workspace.run(["audit", "verify"]).status == 0)

        // The newest row has no successor that could point at the gap; the head kept apart in meta catches it.
        try Self.tamper(workspace, "DELETE FROM audit WHERE seq = 4")
        let newest = try workspace.run(["audit", "verify"])
        #expect(newest.status != 0, "\(newest)")
        #expect(newest.stderr.contains("Zeile 4 fehlt"), "\(newest)")

        try Self.tamper(workspace, "DELETE FROM audit WHERE seq = 2")
        let middle = try workspace.run(["audit", "verify"])
        #expect(middle.status != 0, "\(middle)")
        #expect(middle.stderr.contains("Zeile 2 fehlt"), "\(middle)")
    }

    // MARK: Bad input

    @Test("intake names each bad line, keeps the good ones, and exits 65")
    func badIntake() throws {
        let workspace = try Workspace()
        var input = Data()
        let lines: [Data] = [
            Data(Workspace.message(id: "ok-1", text: "Wann wird der Sperrmüll abgeholt?").utf8),
            Data(#"{"id": "b-2", "channel": "facebook", "text": "Hallo""#.utf8),
            Data(Workspace.message(id: "b-3", channel: "myspace", text: "Wie hoch ist die Hundesteuer?").utf8),
            Data(Workspace.message(id: "b-4", text: "   ").utf8),
            Data((#"{"id": "b-5", "channel": "web", "text": ""# + String(repeating: "a", count: 1_000_000) + #""}"#).utf8),
            Data(#"{"id": "b-6", "channel": "web", "text": "Gr"#.utf8) + Data([0xFC, 0xDF, 0xFF]) + Data(#"e"}"#.utf8),
            Data(Workspace.message(id: "ok-7", channel: "mastodon", text: "Mein Personalausweis ist abgelaufen").utf8),
        ]
        for line in lines { input += line + Data("\n".utf8) }

        let run = try workspace.run(["intake"], bytes: input)
        #expect(run.status == 65, "\(run)")
        let errors = run.stderr.split(separator: "\n").map(String.init)
        #expect(errors.contains { $0.hasPrefix("Zeile 2: ") && $0.contains("kein gültiges JSON") }, "\(run)")
        #expect(errors.contains { $0.hasPrefix("Zeile 3: ") && $0.contains("unbekannter Kanal 'myspace'") }, "\(run)")
        #expect(errors.contains { $0.hasPrefix("Zeile 4: ") && $0.contains("Nachricht ohne Text") }, "\(run)")
        #expect(errors.contains { $0.hasPrefix("Zeile 5: ") && $0.contains("Nachricht zu lang") && $0.contains("höchstens 20000") }, "\(run)")
        #expect(errors.contains { $0.hasPrefix("Zeile 6: ") && $0.contains("kein gültiger UTF-8-Text") }, "\(run)")
        #expect(!errors.contains { $0.hasPrefix("Zeile 1: ") || $0.hasPrefix("Zeile 7: ") }, "\(run)")
        #expect(run.stderr.contains("2 gespeichert, 0 bereits vorhanden, 5 abgelehnt."), "\(run)")

        let queue = try workspace.run(["queue", "--json"], as: "anna")
        let stored = try queue.jsonLines()
        #expect(stored.count == 2, "\(queue)")
        #expect(Set(stored.compactMap { $0["channel"] as? String }) == ["facebook", "mastodon"], "\(queue)")
    }

    @Test("the same (channel, id) delivered twice is stored once; the same id on another channel is another message")
    func duplicateIntake() throws {
        let workspace = try Workspace()
        let line = Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")
        let first = try workspace.intake([line])
        let again = try workspace.run(["intake", "--json"], input: line + "\n" + line + "\n")
        #expect(again.status == 0, "\(again)")
        let receipts = try again.jsonLines()
        #expect(receipts.count == 2 && receipts.allSatisfy { $0["duplicate"] as? Bool == true }, "\(again)")
        #expect(receipts.allSatisfy { ($0["id"] as? NSNumber)?.int64Value == first.first }, "\(again)")
        let other = try workspace.intake([Workspace.message(id: "fb-1", channel: "instagram", text: "Wann wird der Sperrmüll abgeholt?")])
        #expect(other != first)
        #expect(try Workspace.ids(try workspace.run(["queue", "--all", "--json"])).count == 2)
        #expect(try workspace.audit(try #require(first.first)).count == 1, "one receive row, not three")
    }

    @Test("plain text, one message per line, is taken on the --channel given")
    func plainTextIntake() throws {
        let workspace = try Workspace()
        let run = try workspace.run(
            ["intake", "--channel", "mastodon"], input: "Wann wird der Sperrmüll abgeholt?\n\nWie hoch ist die Hundesteuer?\n")
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("→ sperrmuell-anmelden"), "\(run)")
        #expect(run.stdout.contains("→ hundesteuer-anmelden"), "\(run)")
        let stored = try workspace.run(["queue", "--json"], as: "anna").jsonLines()
        #expect(stored.count == 2)
        #expect(stored.allSatisfy { $0["channel"] as? String == "mastodon" })
        #expect(Set(stored.compactMap { $0["text"] as? String }) == ["Wann wird der Sperrmüll abgeholt?", "Wie hoch ist die Hundesteuer?"])
    }

    // MARK: Who may act

    @Test("staff cannot approve, an unknown name is told the team, and nobody at all is told about --as")
    func permissions() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        let id = try #require(ids.first)
        #expect(try workspace.run(["escalate", String(id), "--note", "Bitte prüfen"], as: "anna").status == 0)

        let staff = try workspace.run(["approve", String(id)], as: "ben")
        #expect(staff.status != 0, "\(staff)")
        #expect(staff.stderr.contains("ben (Sachbearbeitung) darf 'freigeben'"), "\(staff)")
        let staffLoop = try workspace.run(["approvals"], as: "ben")
        #expect(staffLoop.status != 0 && staffLoop.stderr.contains("Rolle staff"), "\(staffLoop)")

        let stranger = try workspace.run(["approve", String(id)], as: "zoe")
        #expect(stranger.status != 0, "\(stranger)")
        #expect(stranger.stderr.contains("'zoe' steht nicht im Team"), "\(stranger)")
        #expect(stranger.stderr.contains("anna, ben, petra, paul, olaf, sabine, admin"), "\(stranger)")

        let nobody = try workspace.run(["approve", String(id)])
        #expect(nobody.status != 0, "\(nobody)")
        #expect(nobody.stderr.contains("--as NAME") && nobody.stderr.contains("BAUSTEIN_USER"), "\(nobody)")
        #expect(try workspace.state(of: id) == "escalated", "nothing changed")

        let viaEnvironment = try workspace.run(
            ["rewrite", String(id), "--text-file", "-"], input: "Guten Tag, erledigt.", environment: ["BAUSTEIN_USER": "petra"])
        #expect(viaEnvironment.status == 0, "\(viaEnvironment)")
        #expect(try workspace.audit(id).last?["actor"] as? String == "petra")
    }

    // MARK: Rendering for the channel

    @Test("on x a long snippet uses its short variant, one without is refused with the count, {{frist}} needs --set")
    func channelRendering() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "x-1", channel: "x", author: "@tobi_ms", text: "Wie bekomme ich einen Bewohnerparkausweis?", replyTo: "1"),
            Workspace.message(id: "x-2", channel: "x", author: "@mia_b", text: "Wie beantrage ich Wohngeld?", replyTo: "2"),
            Workspace.message(id: "x-3", channel: "x", author: "@ra_k", text: "Wie lege ich Widerspruch ein?", replyTo: "3"),
        ])
        try #require(ids.count == 3)

        let short = try workspace.run(["confirm", String(ids[0]), "--snippet", "bewohnerparken"], as: "anna")
        #expect(short.status == 0, "\(short)")
        let confirm = try #require(try workspace.audit(ids[0]).last)
        #expect(confirm["text"] as? String == "Den Bewohnerparkausweis beantragen Sie online: https://www.musterstadt.example")
        #expect(confirm["note"] as? String == "Kurzfassung (short) verwendet")

        let long = try workspace.run(["confirm", String(ids[1]), "--snippet", "wohngeld", "--set", "name=Mia"], as: "anna")
        #expect(long.status != 0, "\(long)")
        let length = ("Guten Tag Mia, Wohngeld beantragen Sie bei der Wohngeldstelle. " + Workspace.longText)
            .trimmingCharacters(in: .whitespaces).count
        #expect(long.stderr.contains("Antwort zu lang für x: \(length) Zeichen, erlaubt sind 280"), "\(long)")
        #expect(try workspace.state(of: ids[1]) == "open")

        let missing = try workspace.run(["confirm", String(ids[2]), "--snippet", "widerspruch"], as: "anna")
        #expect(missing.status != 0, "\(missing)")
        #expect(missing.stderr.contains("--set frist=…"), "\(missing)")
        // A handle is no name (nor a value the press office has seen): staff give the name.
        let given = try workspace.run(
            ["confirm", String(ids[2]), "--snippet", "widerspruch", "--set", "frist=einem Monat", "--set", "name=Frau Kaiser"], as: "anna")
        #expect(given.status == 0, "\(given)")

        let exported = try workspace.export()
        #expect(exported.count == 2, "\(exported)")
        #expect(exported.first?["snippet"] as? String == "bewohnerparken@1")
        #expect(
            exported.last?["text"] as? String == "Guten Tag Frau Kaiser, Ihr Widerspruch muss innerhalb von einem Monat schriftlich bei uns eingehen.")
        #expect(exported.allSatisfy { ($0["text"] as? String ?? "").count <= 280 })
    }
}
