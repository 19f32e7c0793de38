import Foundation

extension ServerConfiguration {
    /// How one channel's approved replies reach the citizen: a signed POST to a bridge (`webhook`), or the platform's own
    /// API (`mastodon`, `telegram`, `meta`, `email`), with attempts, backoff and a deadline per attempt.
    ///
    /// Secrets (access tokens, passwords) are never part of it: they come from environment variables or files.
    public struct DeliveryTarget: Sendable, Equatable {
        /// Which API posts the reply.
        public enum Platform: Sendable, Equatable {
            /// Baustein's signed JSON to a URL; someone else turns it into a platform call.
            case webhook(URL)
            /// `POST /api/v1/statuses` on the authority's instance.
            case mastodon(baseURL: URL)
            /// The Bot API's `sendMessage`.
            case telegram(baseURL: URL)
            /// Meta's Send API (private messages) and comment replies (Facebook, Instagram); `humanAgent` when the app
            /// may use the HUMAN_AGENT tag (answers up to seven days after the citizen's last message).
            case meta(baseURL: URL, humanAgent: Bool)
            /// E-mail by SMTP submission or the system's sendmail.
            case email(Email)

            /// The name used in `baustein.yaml` and in messages.
            public var name: String {
                switch self {
                case .webhook: return "webhook"
                case .mastodon: return "mastodon"
                case .telegram: return "telegram"
                case .meta: return "meta"
                case .email: return "email"
                }
            }
        }

        /// How e-mail replies leave.
        public struct Email: Sendable, Equatable {
            public enum Transport: Sendable, Equatable {
                /// SMTP submission: `starttls` (port 587, the default), `tls` (implicit, port 465), or `plain` (only to
                /// 127.0.0.1, for a local relay).
                case smtp(host: String, port: Int, security: Security)
                /// The system's sendmail program (`/usr/sbin/sendmail -t -oi`).
                case sendmail(path: String)
            }

            public enum Security: String, Sendable, Equatable {
                case starttls, tls, plain
            }

            public var transport: Transport
            /// The sender, `Name <address>`.
            public var from: String
            /// Appended to every reply, after a line `-- `.
            public var signature: String?
            /// The subject when the citizen's message had none (otherwise `Re: <their subject>`).
            public var subject: String
            /// Certificates (PEM) to trust for the SMTP server instead of the system's, for an internal relay.
            public var caFile: String?

            public init(transport: Transport, from: String, signature: String? = nil, subject: String = "Ihre Anfrage") {
                self.transport = transport
                self.from = from
                self.signature = signature
                self.subject = subject
            }
        }

        public var platform: Platform
        /// Attempts before a reply is marked failed.
        public var tries = 5
        /// Wait before the second attempt; it doubles after every further failure (or what the platform asks for).
        public var backoffSeconds: TimeInterval = 30
        /// How long one attempt may take.
        public var timeoutSeconds: TimeInterval = 10

        public init(platform: Platform, tries: Int = 5, backoffSeconds: TimeInterval = 30, timeoutSeconds: TimeInterval = 10) {
            self.platform = platform
            self.tries = tries
            self.backoffSeconds = backoffSeconds
            self.timeoutSeconds = timeoutSeconds
        }

        /// A signed POST to `url`.
        public init(url: URL, tries: Int = 5, backoffSeconds: TimeInterval = 30, timeoutSeconds: TimeInterval = 10) {
            self.init(platform: .webhook(url), tries: tries, backoffSeconds: backoffSeconds, timeoutSeconds: timeoutSeconds)
        }

        /// The bridge's URL of a `webhook` target.
        public var url: URL? {
            if case .webhook(let url) = platform { return url }
            return nil
        }

        /// The wait after `attempts` failed attempts: backoff, 2×backoff, 4×backoff …, at most one hour.
        public func delay(afterAttempts attempts: Int) -> TimeInterval {
            min(backoffSeconds * pow(2, Double(max(0, attempts - 1))), 3600)
        }

        /// The default API address of each platform (every one can be set: self-hosted instances, tests).
        public static let defaultBaseURLs: [String: URL] = [
            "telegram": URL(string: "https://api.telegram.org")!,
            "meta": URL(string: "https://graph.facebook.com/v21.0")!,
        ]
    }
}
