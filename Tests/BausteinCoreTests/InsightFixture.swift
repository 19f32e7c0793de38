@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB

/// A workflow for the press-office reports: a small synced base with no snippet on dog tax or resident parking
/// (so that such questions are real gaps), the Musterstadt team, no escalation triggers (so that no message is
/// flagged by accident), on a clock the test moves; everything in memory.
struct InsightFixture {
    let knowledgeBase: KnowledgeBase
    let workflow: Workflow
    let clock: ManualClock

    /// Monday 2026-11-02 00:00 UTC (01:00 in Musterstadt): hour 0 of every hand-computed timeline.
    static let origin = Date(timeIntervalSince1970: 1_793_577_600)

    /// The instant `hours` after ``origin``.
    static func at(_ hours: Double) -> Date { origin.addingTimeInterval(hours * 3600) }

    static let authority = WorkflowFixture.authority

    static let baseFiles = WorkflowFixture.basicFiles

    /// - Parameters:
    ///   - files: snippet files to sync at `start`.
    ///   - start: the clock's first reading (the sync time of every snippet).
    init(files: [(path: String, contents: String)] = baseFiles, start: Date = origin) throws {
        clock = ManualClock(start)
        knowledgeBase = try KnowledgeBase.inMemory(clock: clock.wallClock)
        try Self.sync(files, into: knowledgeBase)
        var configuration = WorkflowConfiguration()
        configuration.team = [
            TeamMember(name: "anna", role: .staff), TeamMember(name: "ben", role: .staff),
            TeamMember(name: "petra", role: .press), TeamMember(name: "paul", role: .press),
            TeamMember(name: "admin", role: .admin),
        ]
        workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(authority: Self.authority), configuration: configuration,
            triggers: EscalationTriggers())
    }

    /// Writes the files to a temporary snippets folder and syncs them at the clock's current time.
    static func sync(_ files: [(path: String, contents: String)], into knowledgeBase: KnowledgeBase) throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.sync(files, in: directory, into: knowledgeBase, authority: authority)
    }

    func person(_ name: String) throws -> TeamMember { try workflow.person(named: name) }

    /// Takes one message in at the clock's current time (or `receivedAt`) and returns its item id, matched unless told otherwise.
    @discardableResult
    func receive(
        _ text: String, channel: String = "facebook", author: String? = nil, receivedAt: Date? = nil, match: Bool = true
    ) throws -> Int64 {
        let receipt = try workflow.intake.accept([
            IncomingMessage(channel: channel, author: author, text: text, receivedAt: receivedAt, replyTo: "reply-\(UUID().uuidString)")
        ])
        if match { try workflow.intake.matchPending() }
        return receipt[0].itemID
    }

    /// Whether the matcher abstained on an item (found no snippet good enough).
    /// Pins whether the matcher abstained on items, so that report tests do not hang on the matcher's calibration
    /// (which its own suites and the covidqa guard measure).
    func setAbstained(_ ids: [Int64], _ value: Bool) throws {
        try knowledgeBase.index.write { db in
            for id in ids { try db.execute(sql: "UPDATE item SET abstained = ? WHERE id = ?", arguments: [value, id]) }
        }
    }

    func abstained(_ id: Int64) throws -> Bool {
        try knowledgeBase.index.read { db in try Bool.fetchOne(db, sql: "SELECT abstained FROM item WHERE id = ?", arguments: [id]) ?? false }
    }

    /// One row of a query, for checking stored columns directly.
    func row(_ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
        try knowledgeBase.index.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments) }
    }

    /// All rows of a query.
    func rows(_ sql: String, _ arguments: StatementArguments = []) throws -> [Row] {
        try knowledgeBase.index.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// Every row of the workflow tables as text, to prove that an operation wrote nothing.
    func snapshot() throws -> [String] {
        try ["message", "item", "suggestion", "audit", "meta"].flatMap { table in
            try rows("SELECT * FROM \(table) ORDER BY rowid").map { "\(table): \($0.description)" }
        }
    }
}

/// The error an expression threw, or nil.
func caughtError<T>(_ body: () throws -> T) -> (any Error)? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
