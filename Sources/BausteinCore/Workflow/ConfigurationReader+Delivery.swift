import Foundation
import Yams

extension ConfigurationReader {
    /// One channel under `delivery:`: `{url}` for a signed POST to a bridge, or `{platform: mastodon|telegram|meta|email,
    /// …}` for the platform's own API; `tries`, `backoff` and `timeout` for every kind (durations also take `250ms`).
    func deliveryTarget(_ node: Node, channel: String, field: String) throws -> ServerConfiguration.DeliveryTarget {
        let fields = try self.fields(
            node, section: field,
            allowed: [
                "platform", "url", "base_url", "human_agent", "smtp", "security", "ca_file", "sendmail", "from", "subject", "signature", "tries",
                "backoff", "timeout",
            ])
        let name = try fields["platform"].map { try string($0, field: "\(field).platform") } ?? (fields["url"] != nil ? "webhook" : "")
        let platform: ServerConfiguration.DeliveryTarget.Platform
        switch name {
        case "webhook":
            guard let urlNode = fields["url"] else { throw fail(node, .missingField(section: field, field: "url")) }
            platform = .webhook(try httpURL(urlNode, field: "\(field).url"))
        case "mastodon":
            try require(channel, in: ["mastodon"], platform: name, node: node)
            guard let base = fields["base_url"] else {
                throw fail(node, .missingField(section: field, field: "base_url (die Adresse der eigenen Instanz, z. B. https://social.bund.de)"))
            }
            platform = .mastodon(baseURL: try httpURL(base, field: "\(field).base_url"))
        case "telegram":
            try require(channel, in: ["telegram"], platform: name, node: node)
            platform = .telegram(baseURL: try baseURL(fields["base_url"], platform: name, field: field))
        case "meta":
            try require(channel, in: ["facebook", "instagram"], platform: name, node: node)
            let humanAgent = try fields["human_agent"].map { try bool($0, field: "\(field).human_agent") } ?? false
            platform = .meta(baseURL: try baseURL(fields["base_url"], platform: name, field: field), humanAgent: humanAgent)
        case "email":
            platform = .email(try email(fields, node: node, field: field))
        default:
            throw fail(
                fields["platform"] ?? node,
                .wrongType(field: "\(field).platform", expected: "webhook (mit url), mastodon, telegram, meta oder email"))
        }
        var target = ServerConfiguration.DeliveryTarget(platform: platform)
        if let tries = fields["tries"] { target.tries = try positiveInt(tries, field: "\(field).tries") }
        if let backoff = fields["backoff"] { target.backoffSeconds = try shortDuration(backoff, field: "\(field).backoff") }
        if let timeout = fields["timeout"] { target.timeoutSeconds = try shortDuration(timeout, field: "\(field).timeout") }
        return target
    }

    /// `polling: {mastodon: {base_url, interval}, telegram: {base_url, wait}}`.
    func polling(_ node: Node) throws -> ServerConfiguration.Polling {
        var polling = ServerConfiguration.Polling()
        for (name, value) in try mapping(node, section: "polling", allowed: ["mastodon", "telegram"]) {
            let section = "polling.\(name)"
            if name == "mastodon" {
                let fields = try self.fields(value, section: section, allowed: ["base_url", "interval"])
                guard let base = fields["base_url"] else {
                    throw fail(value, .missingField(section: section, field: "base_url (die Adresse der Instanz des Kontos)"))
                }
                polling.mastodon = try httpURL(base, field: "\(section).base_url")
                if let interval = fields["interval"] { polling.mastodonInterval = try shortDuration(interval, field: "\(section).interval") }
            } else {
                let fields = try self.fields(value, section: section, allowed: ["base_url", "wait"])
                polling.telegram = try baseURL(fields["base_url"], platform: "telegram", field: section)
                if let wait = fields["wait"] {
                    polling.telegramWait = try shortDuration(wait, field: "\(section).wait")
                    guard polling.telegramWait <= 50 else { throw fail(wait, .wrongType(field: "\(section).wait", expected: "höchstens 50s")) }
                }
            }
        }
        return polling
    }

    private func require(_ channel: String, in channels: [String], platform: String, node: Node) throws {
        guard channels.contains(channel) else {
            throw fail(node, .wrongType(field: "delivery.\(channel).platform", expected: "\(platform) nur für den Kanal \(channels.joined(separator: " oder "))"))
        }
    }

    private func httpURL(_ node: Node, field: String) throws -> URL {
        let text = try string(node, field: field)
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw fail(node, .wrongType(field: field, expected: "eine http- oder https-Adresse"))
        }
        return url
    }

    private func baseURL(_ node: Node?, platform: String, field: String) throws -> URL {
        guard let node else { return ServerConfiguration.DeliveryTarget.defaultBaseURLs[platform]! }
        return try httpURL(node, field: "\(field).base_url")
    }

    private func email(_ fields: [String: Node], node: Node, field: String) throws -> ServerConfiguration.DeliveryTarget.Email {
        guard let fromNode = fields["from"] else { throw fail(node, .missingField(section: field, field: "from")) }
        let from = try string(fromNode, field: "\(field).from")
        guard from.contains("@"), !from.contains("\n") else {
            throw fail(fromNode, .wrongType(field: "\(field).from", expected: "eine Absenderadresse wie \"Stadt Musterstadt <service@musterstadt.de>\""))
        }
        let transport: ServerConfiguration.DeliveryTarget.Email.Transport
        switch (fields["smtp"], fields["sendmail"]) {
        case (let smtp?, nil):
            let text = try string(smtp, field: "\(field).smtp")
            let parts = text.split(separator: ":", maxSplits: 1)
            let security = try fields["security"].map { node -> ServerConfiguration.DeliveryTarget.Email.Security in
                let value = try string(node, field: "\(field).security")
                guard let security = ServerConfiguration.DeliveryTarget.Email.Security(rawValue: value) else {
                    throw fail(node, .wrongType(field: "\(field).security", expected: "starttls, tls oder plain"))
                }
                return security
            } ?? .starttls
            let port = parts.count == 2 ? Int(parts[1]) : (security == .tls ? 465 : 587)
            guard let port, (1...65_535).contains(port), !parts[0].isEmpty else {
                throw fail(smtp, .wrongType(field: "\(field).smtp", expected: "Rechner[:Port], z. B. mail.musterstadt.de:587"))
            }
            let host = String(parts[0])
            // Without TLS the password would cross the network in the clear: only a relay on this machine.
            if security == .plain, !["127.0.0.1", "localhost", "::1"].contains(host) {
                throw fail(fields["security"]!, .wrongType(field: "\(field).security", expected: "starttls oder tls (plain nur für 127.0.0.1)"))
            }
            transport = .smtp(host: host, port: port, security: security)
        case (nil, let sendmail?):
            transport = .sendmail(path: try string(sendmail, field: "\(field).sendmail"))
        default:
            throw fail(node, .wrongType(field: field, expected: "entweder smtp: Rechner[:Port] oder sendmail: /usr/sbin/sendmail"))
        }
        var email = ServerConfiguration.DeliveryTarget.Email(transport: transport, from: from)
        if let signature = fields["signature"] { email.signature = try string(signature, field: "\(field).signature") }
        if let subject = fields["subject"] { email.subject = try string(subject, field: "\(field).subject") }
        if let caFile = fields["ca_file"] { email.caFile = try string(caFile, field: "\(field).ca_file") }
        return email
    }
}
