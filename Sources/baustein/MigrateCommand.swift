import ArgumentParser
import BausteinCore
import Foundation

/// `baustein migrate`: brings the database's tables up to date and says which schema version it has.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bringt die Tabellen der Datenbank auf den Stand dieser Version und nennt den Schema-Stand.",
        discussion: """
            Mit PostgreSQL (--database postgres://… oder BAUSTEIN_DATABASE) vor dem ersten Start der Server ausführen;
            mehrere Server, die gleichzeitig starten, migrieren nacheinander. Eine SQLite-Datei wird bei jedem Öffnen migriert.
            """)

    @OptionGroup var options: DatabaseOptions

    @Flag(name: .long, help: "Ausgabe als JSON.")
    var json = false

    func run() throws {
        try reportingErrors {
            let knowledgeBase = try options.openKnowledgeBase()
            defer { try? knowledgeBase.close() }
            let status = try knowledgeBase.schemaStatus()
            if json {
                let object: [String: Any] = [
                    "database": options.databaseDisplayName, "engine": options.isPostgres ? "postgresql" : "sqlite",
                    "applied": status.applied.count, "known": status.known.count, "latest": status.latest ?? NSNull(),
                    "current": status.isCurrent,
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                print(String(decoding: data, as: UTF8.self))
                return
            }
            print("Datenbank: \(options.databaseDisplayName) (\(options.isPostgres ? "PostgreSQL" : "SQLite"))")
            print(
                "Schema: \(status.applied.count) von \(status.known.count) Migrationen, zuletzt \(status.latest ?? "keine")"
                    + (status.isCurrent ? " – aktuell." : " – nicht aktuell."))
            if options.isPostgres { print("Index dieses Rechners: \(options.databasePath)") }
        }
    }
}
