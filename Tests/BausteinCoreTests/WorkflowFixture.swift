@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB

/// A workflow over a small synced base, the Musterstadt team and the shipped escalation triggers, on a fixed
/// (movable) clock; everything in memory.
struct WorkflowFixture {
    let knowledgeBase: KnowledgeBase
    let workflow: Workflow
    let clock: ManualClock

    /// The facts that fill `{{amt.*}}` in the fixture's snippets.
    static let authority = AuthorityFacts(values: [
        "name": "Stadt Musterstadt",
        "website": "https://www.musterstadt.example",
        "pressestelle.email": "presse@musterstadt.example",
    ])

    /// A body longer than any short-message channel allows.
    static let longTail = String(
        repeating: "Weitere Informationen finden Sie auf unserer Internetseite, dort stehen auch alle Formulare bereit. ",
        count: 4)

    /// Bulky waste, identity card and press inquiries (approval: press): the snippets every workflow and insight
    /// test needs.
    static let basicFiles: [(path: String, contents: String)] = [
        (
            "abfall/sperrmuell-anmelden.md",
            TestEnvironment.snippetFile(
                id: "sperrmuell-anmelden", title: "Sperrmüll anmelden",
                questions: ["Wie melde ich Sperrmüll an?", "Wann wird der Sperrmüll abgeholt?", "Sperrmüll Abholung beantragen"],
                body: "Sperrmüll melden Sie online unter {{amt.website}} an. Die Abholung erfolgt innerhalb von drei Wochen.")
        ),
        (
            "buergeramt/personalausweis-beantragen.md",
            TestEnvironment.snippetFile(
                id: "personalausweis-beantragen", title: "Personalausweis beantragen",
                questions: ["Wie beantrage ich einen neuen Personalausweis?", "Mein Personalausweis ist abgelaufen, was muss ich tun?"],
                body: "Guten Tag {{name}}, den Personalausweis beantragen Sie im Bürgeramt. Bitte bringen Sie ein biometrisches Passfoto mit.")
        ),
        (
            "presse/presseanfragen.md",
            TestEnvironment.snippetFile(
                id: "presseanfragen", title: "Presseanfragen", questions: ["An wen richte ich eine Presseanfrage?"],
                body: "Presseanfragen beantwortet die Pressestelle der {{amt.name}} unter {{amt.pressestelle.email}}.",
                extra: "approval: press\nanswers: [presse]")
        ),
    ]

    static let files: [(path: String, contents: String)] =
        basicFiles + [
            (
                "steuern/hundesteuer-anmelden.md",
                TestEnvironment.snippetFile(
                    id: "hundesteuer-anmelden", title: "Hundesteuer anmelden",
                    questions: ["Wie melde ich meinen Hund zur Hundesteuer an?", "Wie hoch ist die Hundesteuer?"],
                    body: "Einen Hund melden Sie innerhalb von zwei Wochen beim Steueramt an. " + longTail,
                    extra: "short: \"Hunde bitte binnen zwei Wochen beim Steueramt anmelden: {{amt.website}}\"")
            ),
            (
                "bauen/baumfaellung.md",
                TestEnvironment.snippetFile(
                    id: "baumfaellung", title: "Baum fällen", questions: ["Darf ich den Baum in meinem Garten fällen?"],
                    body: "Für das Fällen eines Baumes brauchen Sie je nach Stammumfang eine Genehmigung. " + longTail)
            ),
            (
                "service/weihnachtsmarkt-2025.md",
                TestEnvironment.snippetFile(
                    id: "weihnachtsmarkt-2025", title: "Weihnachtsmarkt 2025", questions: ["Wann hat der Weihnachtsmarkt geöffnet?"],
                    body: "Der Weihnachtsmarkt 2025 hat täglich von 11 bis 21 Uhr geöffnet.",
                    extra: "valid_from: 2025-11-20\nvalid_until: 2025-12-23")
            ),
        ]

    /// The Musterstadt team of the shipped `baustein.yaml`, built in code so that review tests do not depend on the parser.
    static func configuration() -> WorkflowConfiguration {
        var configuration = WorkflowConfiguration()
        configuration.departments = ["ordnungsamt": "Ordnungsamt", "bauamt": "Bauamt"]
        configuration.team = [
            TeamMember(name: "anna", role: .staff), TeamMember(name: "ben", role: .staff),
            TeamMember(name: "petra", role: .press), TeamMember(name: "paul", role: .press),
            TeamMember(name: "olaf", role: .department, department: "ordnungsamt"),
            TeamMember(name: "sabine", role: .department, department: "bauamt"),
            TeamMember(name: "admin", role: .admin),
        ]
        return configuration
    }

    static let shippedTriggers = TestEnvironment.repositoryRoot.appendingPathComponent("knowledge/escalation.txt")

    init(auditKey: AuditKey? = nil, configure: (inout WorkflowConfiguration) -> Void = { _ in }) throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for file in Self.files { try TestEnvironment.write(file.contents, to: file.path, in: directory) }
        let library = try SnippetLibrary.load(directory: directory, authority: Self.authority)
        guard library.problems.isEmpty else { throw SyncError.lintFailed(library.problems) }
        clock = ManualClock()
        knowledgeBase = try TestStore.knowledgeBase(clock: clock.wallClock)
        try knowledgeBase.sync(library)
        var configuration = Self.configuration()
        configure(&configuration)
        workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(authority: Self.authority), configuration: configuration,
            triggers: try EscalationTriggers.load(from: Self.shippedTriggers), auditKey: auditKey)
    }

    /// Another workflow over the same database, as a second process with its own (or no) audit key would open it.
    func reopened(auditKey: AuditKey?, configure: (inout WorkflowConfiguration) -> Void = { _ in }) throws -> Workflow {
        var configuration = workflow.configuration
        configure(&configuration)
        return try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(authority: Self.authority), configuration: configuration,
            triggers: workflow.triggers, auditKey: auditKey)
    }

    func person(_ name: String) throws -> TeamMember { try workflow.person(named: name) }

    /// Takes one message in and returns its item id, matched unless told otherwise.
    func receive(
        _ text: String, channel: String = "facebook", id: String? = nil, replyTo: String? = nil, match: Bool = true
    ) throws -> Int64 {
        let receipt = try workflow.intake.accept([IncomingMessage(externalID: id, channel: channel, text: text, replyTo: replyTo)])
        if match { try workflow.intake.matchPending() }
        return receipt[0].itemID
    }

    func state(_ id: Int64) throws -> ReviewState { try workflow.queue.item(id).entry.state }

    func revision(_ id: Int64) throws -> Int { try workflow.queue.item(id).entry.revision }

    /// Row count of a table of the workflow's store, to prove that a refused action wrote nothing.
    func count(_ table: String) throws -> Int {
        try knowledgeBase.store.read { db in try db.value("SELECT COUNT(*) FROM \(table)", as: Int.self) ?? 0 }
    }

    /// Runs SQL on the workflow's store behind the workflow's back, the way someone with access to the database could.
    func tamper(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        try knowledgeBase.store.write { db in _ = try db.execute(sql, arguments) }
    }
}

/// The error an expression threw, for `#expect(error == …)` with errors that are not thrown typed.
func caught<T>(_ body: () throws -> T) -> (any Error)? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}
