import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// Rules that live in the core now and hold at every edge: `show` applies the department visibility rule as the API
/// does, and commands that only read never write to the database.
@Suite("read commands: department visibility and no writes")
struct ReadCommandTests {
    typealias Workspace = WorkflowWorkspace

    @Test("show: a department member sees what was forwarded to their department, nothing else")
    func showVisibility() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Darf ich auf dem Gehweg parken?"),
            Workspace.message(id: "fb-2", text: "Wann wird der Sperrmüll abgeholt?"),
        ])
        let forward = try workspace.run(["forward", String(ids[0]), "--to", "ordnungsamt", "--note", "Parken?"], as: "anna")
        try #require(forward.status == 0, "\(forward)")

        let own = try workspace.run(["show", String(ids[0])], as: "olaf")
        #expect(own.status == 0, "\(own)")
        #expect(own.stdout.contains("Darf ich auf dem Gehweg parken?"), "\(own)")
        for (person, id) in [("olaf", ids[1]), ("sabine", ids[0])] {
            let other = try workspace.run(["show", String(id), "--json"], as: person)
            #expect(other.status != 0, "\(person) saw #\(id): \(other)")
            #expect(other.errors.contains("gehört nicht zum Fachbereich"), "\(other)")
            #expect(!other.stdout.contains("Sperrmüll") && !other.stdout.contains("Gehweg"), "\(other)")
        }
    }

    @Test("queue, show, audit, outbox and the reports change nothing in the database, not even an unmatched message")
    func readsDoNotWrite() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?"),
            Workspace.message(id: "fb-2", text: "Mein Personalausweis ist abgelaufen"),
        ])
        let database = workspace.directory.appendingPathComponent("db/baustein.sqlite").path
        // As if the process that stored the message had died before matching it (serve matches it on restart).
        let queue = try DatabaseQueue(path: database)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM suggestion WHERE itemId = ?", arguments: [ids[1]])
            try db.execute(sql: "UPDATE item SET matchedAt = NULL WHERE id = ?", arguments: [ids[1]])
        }
        try queue.close()
        let before = try Self.contents(of: database)

        let reads: [([String], String?)] = [
            (["queue"], "anna"), (["queue", "--all", "--json"], "anna"), (["show", String(ids[1])], "anna"),
            (["show", String(ids[0]), "--json"], "petra"), (["audit", "--item", String(ids[0])], "admin"), (["outbox"], "petra"),
            (["report", "gaps"], "petra"), (["report", "usage"], "petra"), (["report", "stale"], "petra"),
            (["report", "service"], "petra"), (["report", "preference"], nil), (["audit", "verify"], "admin"),
        ]
        for (arguments, person) in reads {
            let run = try workspace.run(arguments, as: person)
            #expect(run.status == 0, "\(arguments): \(run)")
            #expect(try Self.contents(of: database) == before, "baustein \(arguments.joined(separator: " ")) wrote to the database")
        }
        // The unmatched message is shown as such, and the working screen matches it.
        let show = try workspace.run(["show", String(ids[1]), "--json"], as: "anna")
        #expect(try (show.json()["entry"] as? [String: Any])?["matched"] as? Bool == false, "\(show)")
        _ = try workspace.run(["review"], as: "anna", input: "q\n")
        let after = try workspace.run(["show", String(ids[1]), "--json"], as: "anna")
        #expect(try (after.json()["entry"] as? [String: Any])?["matched"] as? Bool == true, "\(after)")
    }

    /// Every row of every table, in a stable order: equal exactly when nothing was written.
    static func contents(of path: String) throws -> String {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(
                // Full-text tables through their shadow tables (the virtual table needs Baustein's tokenizer).
                db,
                sql:
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )
            var text = ""
            for table in tables {
                text += "# \(table)\n"
                // Sorted here: some tables have no rowid to order by.
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
                text += rows.joined(separator: "\n") + "\n"
            }
            return text
        }
    }
}
