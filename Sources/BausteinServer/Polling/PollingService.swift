import BausteinCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs the configured pollers inside `baustein serve`: each in its own loop, waking the matcher after new messages,
/// waiting what the platform asks after a refusal, stopping between polls on shutdown.
final class PollingService: Service, Sendable {
    private let workflow: Workflow
    private let pollers: [any Poller]
    private let logger: Logger
    private let onStored: @Sendable () -> Void

    init(workflow: Workflow, pollers: [any Poller], logger: Logger, onStored: @escaping @Sendable () -> Void) {
        self.workflow = workflow
        self.pollers = pollers
        self.logger = logger
        self.onStored = onStored
    }

    /// The pollers `polling:` asks for, with their tokens.
    ///
    /// - Parameter wait: overrides the Telegram long-poll wait (`baustein poll` runs once and does not wait).
    /// - Throws: ``ServerSetupError`` when a poller's token is not set.
    static func pollers(for configuration: ServerConfiguration, secrets: WebhookSecrets, wait: Int? = nil) throws -> [any Poller] {
        var pollers: [any Poller] = []
        if let base = configuration.polling.mastodon {
            guard let token = secrets.mastodonToken else {
                throw ServerSetupError.secretMissing(channel: "polling.mastodon", variable: MastodonDelivery.tokenVariable)
            }
            pollers.append(
                MastodonPoller(
                    baseURL: base, token: token, interval: .milliseconds(Int64(configuration.polling.mastodonInterval * 1000)), timeout: 20))
        }
        if let base = configuration.polling.telegram {
            guard let token = secrets.telegramBotToken else {
                throw ServerSetupError.secretMissing(channel: "polling.telegram", variable: TelegramDelivery.tokenVariable)
            }
            pollers.append(TelegramPoller(baseURL: base, token: token, wait: wait ?? Int(configuration.polling.telegramWait), interval: .seconds(1)))
        }
        return pollers
    }

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for poller in pollers {
                group.addTask { await self.loop(poller) }
            }
        }
    }

    private func loop(_ poller: any Poller) async {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                var pause = poller.interval
                do {
                    let report = try await poller.pollOnce(self.workflow)
                    if report.stored > 0 { self.onStored() }
                    self.logger.debug("polled", metadata: ["poll.source": "\(report.source)", "poll.stored": "\(report.stored)"])
                } catch let error as PollError {
                    self.logger.warning("polling failed", metadata: ["poll.source": "\(error.source)", "poll.reason": "\(error.reason)"])
                    pause = .seconds(Int64(max(error.retryAfter ?? 30, 1)))
                } catch {
                    pause = .seconds(30)
                }
                try await Task.sleep(for: pause)
            }
        }
    }
}
