import BausteinCore
import BausteinPostgres
import BausteinTestSupport
import Foundation
import Synchronization
import Testing

extension PostgresServerTests {
    /// Two servers on one database, as two `baustein serve` behind a load balancer: each with its own index file.
    @Suite("two servers on one database")
    struct TwoServers {
        static let files: [(path: String, contents: String)] = [
            (
                "sperrmuell-anmelden.md",
                TestEnvironment.snippetFile(
                    id: "sperrmuell-anmelden", title: "Sperrmüll anmelden", questions: ["Wie melde ich Sperrmüll an?"],
                    body: "Sperrmüll melden Sie online an. Die Abholung erfolgt innerhalb von drei Wochen.")
            ),
            (
                "personalausweis-beantragen.md",
                TestEnvironment.snippetFile(
                    id: "personalausweis-beantragen", title: "Personalausweis beantragen",
                    questions: ["Wie beantrage ich einen neuen Personalausweis?"],
                    body: "Den Personalausweis beantragen Sie im Bürgeramt. Bitte bringen Sie ein biometrisches Passfoto mit.")
            ),
        ]

        static let hundesteuer = (
            "hundesteuer-anmelden.md",
            TestEnvironment.snippetFile(
                id: "hundesteuer-anmelden", title: "Hundesteuer anmelden", questions: ["Wie melde ich meinen Hund zur Hundesteuer an?"],
                body: "Einen Hund melden Sie innerhalb von zwei Wochen beim Steueramt an.")
        )

        /// A server: its own index file, the shared database, the team of two.
        static func server(
            _ settings: PostgresSettings, in directory: URL, name: String, clock: WallClock = TestEnvironment.clock
        ) throws
            -> Workflow
        {
            let knowledgeBase = try KnowledgeBase(
                indexPath: directory.appendingPathComponent("\(name).sqlite").path, shared: try PostgresDatabase(settings: settings),
                clock: clock)
            var configuration = WorkflowConfiguration()
            configuration.team = [TeamMember(name: "anna", role: .staff), TeamMember(name: "petra", role: .press)]
            return try Workflow(
                knowledgeBase: knowledgeBase, resources: KnowledgeResources(), configuration: configuration,
                triggers: EscalationTriggers())
        }

        /// Two servers on a new database, in a temporary folder for their index files and snippets.
        static func withTwoServers(
            clock: WallClock = TestEnvironment.clock, _ body: (_ first: Workflow, _ second: Workflow, _ directory: URL) throws -> Void
        ) throws {
            try TestDatabase.with { _, settings in
                let directory = try TestEnvironment.temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: directory) }
                try body(
                    try server(settings, in: directory, name: "a", clock: clock), try server(settings, in: directory, name: "b", clock: clock),
                    directory)
            }
        }

        static func sync(_ files: [(path: String, contents: String)], into workflow: Workflow, in directory: URL) throws {
            let folder = directory.appendingPathComponent("snippets-\(UUID().uuidString)")
            try TestEnvironment.sync(files, in: folder, into: workflow.knowledgeBase)
        }

        @Test("a sync on one server is matched on by the other after its refresh, and the schema is there once")
        func syncReachesTheOther() throws {
            try Self.withTwoServers { first, second, directory in
                try Self.sync(Self.files, into: first, in: directory)
                #expect(try first.knowledgeBase.activeSnippetCount() == 2)
                #expect(try second.knowledgeBase.activeSnippetCount() == 0, "the other index follows only at its refresh")
                #expect(try second.knowledgeBase.refreshIndex())
                #expect(try second.knowledgeBase.activeSnippetCount() == 2)
                #expect(try !second.knowledgeBase.refreshIndex(), "nothing changed: nothing to copy")
                // Each server runs the example check for its own index after a refresh that brought new snippets, once.
                // (These snippets have one question each: nothing to hold out, and the check says so.)
                let check = try #require(try second.matcher.checkExamplesIfStale())
                #expect(check.outcomes.isEmpty)
                #expect(try second.matcher.currentExampleCheck() == check)
                #expect(try second.matcher.checkExamplesIfStale() == nil)
                let id = try second.intake.accept([IncomingMessage(externalID: "m1", channel: "facebook", text: "Wie melde ich Sperrmüll an?")])[0]
                    .itemID
                try second.intake.matchPending()
                #expect(try first.queue.item(id).entry.top?.snippetID == "sperrmuell-anmelden")
                // A changed base: the new snippet reaches the second server too.
                try Self.sync(Self.files + [Self.hundesteuer], into: first, in: directory)
                try second.knowledgeBase.refreshIndex()
                #expect(try second.knowledgeBase.snippet(id: "hundesteuer-anmelden")?.title == "Hundesteuer anmelden")
                #expect(try second.matcher.checkExamplesIfStale() != nil, "new snippets: a new check")
                #expect(try first.knowledgeBase.schemaStatus().isCurrent && second.knowledgeBase.schemaStatus().isCurrent)
                #expect(try second.knowledgeBase.schemaStatus().applied == second.knowledgeBase.schemaStatus().known)
            }
        }

        @Test("a sync on one server is announced to the other when it commits (NOTIFY), not only at the next interval")
        func syncIsAnnounced() throws {
            try Self.withTwoServers { first, second, directory in
                let calls = Mutex(0)
                let observation = try #require(try second.knowledgeBase.observeSharedChanges { calls.withLock { $0 += 1 } })
                defer { observation.stop() }
                // The first call says the subscription stands.
                try Self.waitFor { calls.withLock { $0 } >= 1 }
                let subscribed = calls.withLock { $0 }
                try Self.sync(Self.files, into: first, in: directory)
                try Self.waitFor { calls.withLock { $0 } > subscribed }
                #expect(calls.withLock { $0 } > subscribed)
                #expect(try second.knowledgeBase.refreshIndex())
                // An intake changes nothing the index follows: no announcement.
                let announced = calls.withLock { $0 }
                _ = try first.intake.accept([IncomingMessage(externalID: "x", channel: "facebook", text: "Wie melde ich Sperrmüll an?")])
                Thread.sleep(forTimeInterval: 0.5)
                #expect(calls.withLock { $0 } == announced)
            }
        }

        /// Waits up to five seconds for `condition`.
        static func waitFor(_ condition: () -> Bool) throws {
            let deadline = Date().addingTimeInterval(5)
            while !condition() {
                guard Date() < deadline else { throw TimedOut() }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }

        struct TimedOut: Error {}

        @Test("retention started on both servers at once (as at a joint start) purges each message once and keeps one chain")
        func retentionOnBothAtOnce() throws {
            let clock = ManualClock()
            try Self.withTwoServers(clock: clock.wallClock) { first, second, directory in
                try Self.sync(Self.files, into: first, in: directory)
                let messages = (0..<30).map {
                    IncomingMessage(externalID: "r\($0)", channel: "facebook", author: "Person \($0)", text: "Wie melde ich Sperrmüll an? (\($0))")
                }
                let ids = try first.intake.accept(messages).map(\.itemID)
                try first.intake.matchPending()
                for id in ids.prefix(5) { try first.review.confirm(id, by: try first.person(named: "anna")) }
                clock.advance(days: 100)
                let reports = Mutex<[PurgeReport]>([])
                let failures = Mutex<[String]>([])
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    let server = [first, second][index]
                    do {
                        let report = try server.retention.purge(olderThan: 90 * 86_400, dryRun: false, by: try server.person(named: "petra"))
                        reports.withLock { $0.append(report) }
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
                #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
                let purged = reports.withLock { $0.flatMap(\.itemIDs) }
                #expect(purged.sorted() == ids.sorted(), "each message purged once, by one of the two")
                #expect(try first.auditLog.entries().filter { $0.action == .purge }.count == 1)
                #expect(try second.auditLog.verify().problem == nil)
                #expect(try first.queue.item(ids[0]).entry.text.isEmpty)
            }
        }

        @Test("what a confirmation on one server teaches is matched on by the other; an erasure there removes it everywhere")
        func learningAndErasureFollow() throws {
            try Self.withTwoServers { first, second, directory in
                try Self.sync(Self.files, into: first, in: directory)
                try second.knowledgeBase.refreshIndex()
                let message = IncomingMessage(
                    externalID: "m1", channel: "email", author: "bernd@example.org", text: "Abholung von alten Möbeln vor dem Haus?",
                    replyTo: "bernd@example.org")
                let id = try first.intake.accept([message])[0].itemID
                try first.intake.matchPending()
                try first.review.confirm(id, snippetID: "sperrmuell-anmelden", despiteAbstention: true, by: try first.person(named: "anna"))
                #expect(try first.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").count == 1)
                try second.knowledgeBase.refreshIndex()
                #expect(try second.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").count == 1)
                // The citizen's erasure request on the second server removes the phrasing from the first server's index too.
                _ = try second.retention.privacyErase(author: "bernd@example.org", dryRun: false, by: try second.person(named: "petra"))
                #expect(try second.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
                try first.knowledgeBase.refreshIndex()
                #expect(try first.knowledgeBase.learnedPhrasings(of: "sperrmuell-anmelden").isEmpty)
            }
        }

        @Test("the same messages taken by both servers at once are stored once, each matched once, and the chain verifies")
        func concurrentIntakeAndMatching() throws {
            try Self.withTwoServers { first, second, directory in
                let servers = [first, second]
                try Self.sync(Self.files, into: servers[0], in: directory)
                try servers[1].knowledgeBase.refreshIndex()
                let messages = (0..<60).map {
                    IncomingMessage(externalID: "m\($0)", channel: "facebook", text: "Wie melde ich Sperrmüll an? (\($0))")
                }
                let receipts = Mutex<[[IntakeReceipt]]>([])
                let failures = Mutex<[String]>([])
                DispatchQueue.concurrentPerform(iterations: 8) { round in
                    let server = servers[round % 2]
                    do {
                        // Every round sends all messages, in a different order, in groups of five.
                        let shuffled = round % 2 == 0 ? messages : messages.reversed()
                        for start in stride(from: 0, to: shuffled.count, by: 5) {
                            let stored = try server.intake.accept(Array(shuffled[start..<start + 5]))
                            receipts.withLock { $0.append(stored) }
                            try server.intake.matchPending(limit: 7)
                        }
                        while try server.intake.matchPending() > 0 {}
                    } catch {
                        failures.withLock { $0.append("\(error)") }
                    }
                }
                #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
                let all = receipts.withLock { $0.flatMap { $0 } }
                #expect(all.count == 8 * 60)
                #expect(Set(all.map(\.itemID)).count == 60, "each message stored once, whichever server took it")
                #expect(all.filter { !$0.duplicate }.count == 60)
                #expect(try servers[0].intake.unmatchedCount() == 0)
                let items = try servers[1].queue.entries(states: [.open], for: try servers[1].person(named: "anna"))
                #expect(items.count == 60)
                #expect(items.allSatisfy { $0.top?.snippetID == "sperrmuell-anmelden" })
                // One receive row per message: intake and matching wrote each item once.
                let audit = try servers[0].auditLog.entries()
                #expect(audit.filter { $0.action == .review(.receive) }.count == 60)
                #expect(try servers[1].auditLog.verify().problem == nil)
            }
        }
    }
}
