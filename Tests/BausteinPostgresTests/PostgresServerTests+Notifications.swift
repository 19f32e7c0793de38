import BausteinCore
import BausteinPostgres
import Foundation
import Testing

extension PostgresServerTests {
    /// LISTEN/NOTIFY: what one instance sends (a snippet generation) reaches the others.
    @Suite("PostgreSQL notifications")
    struct Notifications {
        @Test func aNotificationReachesAListenerOfAnotherDatabaseObject() throws {
            try TestDatabase.with { sender, settings throws in
                let receiver = try PostgresDatabase(settings: settings)
                defer { receiver.close() }
                let events = NotificationLog()
                let listener = try receiver.listen(channel: "snippets") { events.append($0) }
                defer { listener.stop() }
                #expect(events.waitFor(count: 1) == [.listening])

                try sender.notify(channel: "snippets", payload: "generation 12 – Grüße")
                #expect(events.waitFor(count: 2) == [.listening, .notification(payload: "generation 12 – Grüße")])
            }
        }

        @Test func aNotificationInsideAWriteIsSentOnlyIfItCommits() throws {
            try TestDatabase.with { database, _ throws in
                let events = NotificationLog()
                let listener = try database.listen(channel: "snippets") { events.append($0) }
                defer { listener.stop() }
                #expect(events.waitFor(count: 1) == [.listening])

                struct Abandoned: Error {}
                _ = try? database.write { session in
                    try session.execute("SELECT pg_notify(?, ?)", ["snippets", "verworfen"])
                    throw Abandoned()
                }
                try database.write { try $0.execute("SELECT pg_notify(?, ?)", ["snippets", "gespeichert"]) }
                #expect(events.waitFor(count: 2) == [.listening, .notification(payload: "gespeichert")])
            }
        }

        @Test func otherChannelsAndStoppedListenersHearNothing() throws {
            try TestDatabase.with { database, _ throws in
                let events = NotificationLog()
                let listener = try database.listen(channel: "snippets") { events.append($0) }
                #expect(events.waitFor(count: 1) == [.listening])
                try database.notify(channel: "Snippets", payload: "anderer Kanal")
                try database.notify(channel: "snippets", payload: "eins")
                #expect(events.waitFor(count: 2) == [.listening, .notification(payload: "eins")])
                listener.stop()
                try database.notify(channel: "snippets", payload: "zwei")
                Thread.sleep(forTimeInterval: 0.3)
                #expect(events.all == [.listening, .notification(payload: "eins")])
            }
        }

        @Test func channelNamesAreChecked() throws {
            try TestDatabase.with { database, _ throws in
                for name in ["", "snip\"pets", "with space", String(repeating: "x", count: 64)] {
                    #expect {
                        try database.notify(channel: name, payload: "x")
                    } throws: { error in
                        guard case PostgresStoreError.invalidChannelName = error else { return false }
                        return true
                    }
                    #expect(throws: PostgresStoreError.self) { try database.listen(channel: name) { _ in } }
                }
            }
        }
    }
}
