import BausteinCore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `baustein serve` assembled: routes, middleware, webhook adapters, the background matcher and delivery, all as
/// one Hummingbird application whose services shut down gracefully on SIGTERM/SIGINT.
///
/// ```swift
/// let server = try ServerApplication(workflow: workflow, secrets: .fromEnvironment(environment), logger: logger)
/// try await server.application().runService()
/// try workflow.knowledgeBase.close()
/// ```
public final class ServerApplication: Sendable {
    public let workflow: Workflow
    public let metrics = ServerMetrics()
    /// Webhooks enabled in `baustein.yaml` whose secret is missing: they answer 503 until it is set.
    public let warnings: [String]
    let host: String
    let port: Int
    let logger: Logger
    let adapters: [String: any WebhookAdapter]
    let secrets: WebhookSecrets
    let matching: MatchingService
    let delivery: DeliveryService?
    let retention: RetentionService
    let polling: PollingService?
    /// Only with a shared database: this server's index follows it.
    let indexRefresh: IndexRefreshService?

    /// - Parameters:
    ///   - host, port: override `server.host` / `server.port` from `baustein.yaml`.
    ///   - transport: how delivery posts (default: AsyncHTTPClient without redirects; tests may pass their own).
    /// - Throws: ``ServerSetupError`` when delivery is configured without `BAUSTEIN_DELIVERY_SECRET`.
    public init(
        workflow: Workflow, secrets: WebhookSecrets, host: String? = nil, port: Int? = nil, logger: Logger,
        transport: (any DeliveryTransport)? = nil, deliveryPollInterval: Duration = .seconds(1),
        retentionInterval: Duration = .seconds(86_400), indexRefreshInterval: Duration = .seconds(2)
    ) throws {
        let configuration = workflow.configuration.server
        self.workflow = workflow
        self.secrets = secrets
        self.host = host ?? configuration.host
        self.port = port ?? configuration.port
        self.logger = logger
        let authenticator = APIAuthenticator(workflow: workflow)
        var adapters: [String: any WebhookAdapter] = [:]
        var warnings: [String] = []
        for webhook in configuration.webhooks.sorted(by: { $0.rawValue < $1.rawValue }) {
            switch webhook {
            case .generic:
                adapters["generic"] = GenericAdapter(
                    secret: secrets.generic,
                    tokenKind: { token in
                        if configuration.intakeTokenName(forTokenHash: Hashing.sha256Hex(of: token)) != nil { return .intake }
                        return authenticator.member(token: token) != nil ? .person : .unknown
                    })
            case .mastodon:
                if let secret = secrets.mastodon { adapters["mastodon"] = MastodonAdapter(secret: secret) }
            case .meta:
                if let secret = secrets.metaAppSecret, secrets.metaVerifyToken != nil { adapters["meta"] = MetaAdapter(appSecret: secret) }
            case .telegram:
                if let secret = secrets.telegram { adapters["telegram"] = TelegramAdapter(secret: secret) }
            }
            if adapters[webhook.rawValue] == nil {
                warnings.append(
                    "Webhook '\(webhook.rawValue)' ist eingeschaltet, aber es fehlt: \(WebhookSecrets.variable(for: webhook.rawValue)); er antwortet 503."
                )
            }
        }
        self.adapters = adapters
        self.warnings = warnings
        let matcher = MatchingService(workflow: workflow, metrics: metrics, logger: logger, batchSize: configuration.matchBatch)
        matching = matcher
        retention = RetentionService(workflow: workflow, interval: retentionInterval, logger: logger)
        indexRefresh =
            workflow.knowledgeBase.isShared ? IndexRefreshService(workflow: workflow, interval: indexRefreshInterval, logger: logger) : nil
        let pollers = try PollingService.pollers(for: configuration, secrets: secrets)
        polling = pollers.isEmpty ? nil : PollingService(workflow: workflow, pollers: pollers, logger: logger) { matcher.notify() }
        if configuration.delivery.isEmpty {
            delivery = nil
        } else {
            let routes = try DeliveryRoute.all(
                for: configuration, secrets: secrets, transport: transport ?? HTTPClientTransport(), clock: workflow.clock)
            delivery = DeliveryService(
                workflow: workflow, routes: routes, metrics: metrics, logger: logger, pollInterval: deliveryPollInterval,
                holder: "serve:\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)")
        }
    }

    /// The router with every route of `openapi.yaml`.
    public func router() -> Router<BausteinRequestContext> {
        let router = Router(context: BausteinRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: UploadLimitMiddleware(limit: workflow.configuration.server.bodyLimit))
        let matching = self.matching
        let committer = IntakeCommitter(workflow: workflow, metrics: metrics) { matching.notify() }
        WebhookRoutes(adapters: adapters, committer: committer, metrics: metrics, metaVerifyToken: secrets.metaVerifyToken)
            .register(on: router)
        APIRoutes(workflow: workflow, authenticator: APIAuthenticator(workflow: workflow)).register(on: router)
        HealthRoutes(workflow: workflow, metrics: metrics).register(on: router)
        return router
    }

    /// The application with the matcher and (if configured) delivery as services.
    public func application() -> some ApplicationProtocol {
        var services: [any Service] = [matching, retention]
        if let delivery { services.append(delivery) }
        if let polling { services.append(polling) }
        if let indexRefresh { services.append(indexRefresh) }
        return Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: nil), services: services,
            logger: logger)
    }

    /// Polls every configured platform once (`baustein poll`, tests); the reports in order, or each one's error.
    public func pollNow() async -> [Result<PollReport, PollError>] {
        var results: [Result<PollReport, PollError>] = []
        for poller in (try? PollingService.pollers(for: workflow.configuration.server, secrets: secrets, wait: 0)) ?? [] {
            do {
                results.append(.success(try await poller.pollOnce(workflow)))
            } catch {
                results.append(.failure(error))
            }
        }
        if results.contains(where: { (try? $0.get())?.stored ?? 0 > 0 }) { matching.notify() }
        return results
    }

    /// What delivery would post for the approved and queued replies of routed channels (`baustein deliver --dry-run`), of
    /// those `person` may see in the outbox (nil: all).
    public func deliveryPlans(for person: TeamMember? = nil) throws -> [DeliveryPlan] {
        let routes = try DeliveryRoute.all(
            for: workflow.configuration.server, secrets: secrets, transport: HTTPClientTransport(), clock: workflow.clock)
        return DeliveryService.plans(for: try workflow.outbox.entries(states: [.approved, .queued], for: person), routes: routes)
    }

    /// Runs retention once now (for tests).
    public func purgeNow() async {
        await retention.purgeNow()
    }

    /// Runs one delivery round now (for tests and `baustein serve --once`-style checks).
    public func deliverNow() async {
        await delivery?.deliverDue()
    }
}

/// Why `baustein serve` cannot start; the message says what to set.
public enum ServerSetupError: Error, CustomStringConvertible, Equatable {
    case deliverySecretMissing(channels: [String])
    /// A platform under `delivery:` needs a token or password that is not set.
    case secretMissing(channel: String, variable: String)

    public var description: String {
        switch self {
        case .deliverySecretMissing(let channels):
            return "Zustellung ist für \(channels.joined(separator: ", ")) eingerichtet, aber BAUSTEIN_DELIVERY_SECRET ist nicht gesetzt; "
                + "die Antworten müssen signiert werden. Variable setzen oder 'delivery:' aus baustein.yaml entfernen."
        case .secretMissing(let section, let variable) where section.hasPrefix("polling."):
            return "Abholen (\(section)) braucht \(variable) (oder \(variable)_FILE mit dem Pfad einer Datei); Variable setzen oder "
                + "'\(section)' aus baustein.yaml entfernen."
        case .secretMissing(let channel, let variable):
            return "Zustellung für '\(channel)' braucht \(variable) (oder \(variable)_FILE mit dem Pfad einer Datei); Variable setzen oder "
                + "'delivery.\(channel)' aus baustein.yaml entfernen."
        }
    }
}
