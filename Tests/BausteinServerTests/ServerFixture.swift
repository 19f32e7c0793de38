import BausteinCore
import BausteinServer
import BausteinTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging

/// A server over an in-memory knowledge base with two snippets, a small team with API tokens, and every webhook
/// enabled with known test secrets.
struct ServerFixture {
    static let secrets = WebhookSecrets(
        generic: "generic-geheim", mastodon: "mastodon-geheim", metaAppSecret: "meta-geheim", metaVerifyToken: "verify-musterstadt",
        telegram: "telegram-geheim", delivery: "delivery-geheim")
    /// Plain tokens of the team (the configuration holds only their hashes).
    static let tokens = ["anna": "bst_anna", "petra": "bst_petra", "paul": "bst_paul", "olaf": "bst_olaf", "admin": "bst_admin"]
    /// The intake token of a web form (`intake_tokens:`): it may deliver messages, never act on the queue.
    static let intakeToken = "bsi_webformular"

    let workflow: Workflow
    let server: ServerApplication

    init(
        bodyLimit: Int = 64 * 1024, delivery: [String: ServerConfiguration.DeliveryTarget] = [:],
        transport: (any DeliveryTransport)? = nil, secrets: WebhookSecrets = Self.secrets, logger: Logger? = nil,
        clock: WallClock = TestEnvironment.clock, polling: ServerConfiguration.Polling = .init()
    ) throws {
        var configuration = WorkflowConfiguration()
        configuration.departments = ["ordnungsamt": "Ordnungsamt"]
        configuration.team = [
            TeamMember(name: "anna", role: .staff), TeamMember(name: "petra", role: .press), TeamMember(name: "paul", role: .press),
            TeamMember(name: "olaf", role: .department, department: "ordnungsamt"), TeamMember(name: "admin", role: .admin),
        ]
        configuration.server.bodyLimit = bodyLimit
        configuration.server.webhooks = Set(ServerConfiguration.Webhook.allCases)
        configuration.server.tokenHashes = Self.tokens.mapValues { [Hashing.sha256Hex(of: $0)] }
        configuration.server.intakeTokenHashes = ["webformular": [Hashing.sha256Hex(of: Self.intakeToken)]]
        configuration.server.delivery = delivery
        configuration.server.polling = polling
        let knowledgeBase = try TestStore.knowledgeBase(clock: clock)
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "personalausweis", title: "Personalausweis beantragen",
                questions: ["Mein Personalausweis ist abgelaufen", "Wie beantrage ich einen neuen Perso?"],
                body: "Einen neuen Personalausweis beantragen Sie im Bürgerbüro."),
            to: "personalausweis.md", in: directory)
        try TestEnvironment.write(
            TestEnvironment.snippetFile(
                id: "sperrmuell", title: "Sperrmüll anmelden", questions: ["Wann wird der Sperrmüll abgeholt?"],
                body: "Sperrmüll melden Sie online beim Abfallbetrieb an."),
            to: "sperrmuell.md", in: directory)
        _ = try knowledgeBase.sync(try SnippetLibrary.load(directory: directory, authority: AuthorityFacts()))
        workflow = try Workflow(
            knowledgeBase: knowledgeBase, resources: KnowledgeResources(), configuration: configuration, triggers: EscalationTriggers())
        var quiet = Logger(label: "test")
        quiet.logLevel = .critical
        server = try ServerApplication(
            workflow: workflow, secrets: secrets, port: 0, logger: logger ?? quiet, transport: transport, deliveryPollInterval: .milliseconds(20))
    }

    /// Number of stored messages.
    func storedCount() throws -> Int {
        try workflow.queue.entries(states: ReviewState.allCases).count
    }

    /// Runs `body` against the application without a socket.
    func test<Value>(_ body: @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        try await server.application().test(.router, body)
    }

    /// A fixture file of this test target.
    static func fixture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureMissing(name: name)
        }
        return Array(try Data(contentsOf: url))
    }

    struct FixtureMissing: Error {
        var name: String
    }

    static func bearer(_ name: String) -> HTTPFields {
        [.authorization: "Bearer \(tokens[name]!)", .contentType: "application/json"]
    }

    /// Headers of a web form posting to `/webhooks/generic` with its intake token.
    static var intakeBearer: HTTPFields {
        [.authorization: "Bearer \(intakeToken)", .contentType: "application/json"]
    }
}

extension ByteBuffer {
    /// The body as JSON, for assertions.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(readableBytesView))) as? [String: Any] ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(readableBytesView))) as? [[String: Any]] ?? []
    }
}
