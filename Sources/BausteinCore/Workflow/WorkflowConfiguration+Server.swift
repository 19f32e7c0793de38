import Foundation
import Yams

extension WorkflowConfiguration {
    /// The top-level sections that belong to `baustein serve`.
    static let serverSections = ["server", "tokens", "intake_tokens", "webhooks", "delivery"]

    /// Reads the `server`, `tokens`, `webhooks` and `delivery` sections into ``server``.
    static func readServerSections(_ top: [String: Node], reader: ConfigurationReader, into configuration: inout WorkflowConfiguration) throws {
        var server = ServerConfiguration()
        if let node = top["server"] {
            let fields = try reader.fields(node, section: "server", allowed: ["host", "port", "body_limit", "match_batch"])
            if let host = fields["host"] { server.host = try reader.string(host, field: "server.host") }
            if let port = fields["port"] {
                server.port = try reader.positiveInt(port, field: "server.port")
                guard server.port < 65_536 else { throw reader.fail(port, .wrongType(field: "server.port", expected: "eine Portnummer 1–65535")) }
            }
            if let limit = fields["body_limit"] { server.bodyLimit = try reader.byteCount(limit, field: "server.body_limit") }
            if let batch = fields["match_batch"] { server.matchBatch = try reader.positiveInt(batch, field: "server.match_batch") }
        }
        if let node = top["tokens"] {
            for (name, value) in try reader.mapping(node, section: "tokens", allowed: nil) {
                guard configuration.member(named: name) != nil else {
                    throw reader.fail(value, .wrongType(field: "tokens.\(name)", expected: "einer Person aus 'team' zugeordnet"))
                }
                let items = value.sequence.map(Array.init) ?? [value]
                server.tokenHashes[name.lowercased(), default: []] += try items.map { try reader.tokenHash($0, field: "tokens.\(name)") }
            }
        }
        if let node = top["intake_tokens"] {
            for (name, value) in try reader.mapping(node, section: "intake_tokens", allowed: nil) {
                let items = value.sequence.map(Array.init) ?? [value]
                server.intakeTokenHashes[name.lowercased(), default: []] += try items.map { try reader.tokenHash($0, field: "intake_tokens.\(name)") }
            }
        }
        if let node = top["webhooks"] {
            let names = ServerConfiguration.Webhook.allCases.map(\.rawValue)
            for (name, value) in try reader.mapping(node, section: "webhooks", allowed: names) where try reader.bool(value, field: "webhooks.\(name)") {
                server.webhooks.insert(ServerConfiguration.Webhook(rawValue: name)!)
            }
        }
        if let node = top["delivery"] {
            for (channel, value) in try reader.mapping(node, section: "delivery", allowed: nil) {
                guard configuration.channels[channel] != nil else {
                    throw reader.fail(value, .wrongType(field: "delivery.\(channel)", expected: "ein Kanal aus 'channels'"))
                }
                server.delivery[channel] = try reader.deliveryTarget(value, field: "delivery.\(channel)")
            }
        }
        configuration.server = server
    }
}

extension ConfigurationReader {
    /// `1048576`, `512KiB` or `1MiB`.
    func byteCount(_ node: Node, field: String) throws -> Int {
        let text = (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let count = Int(text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), count > 0 { return count * factor }
        }
        throw fail(node, .wrongType(field: field, expected: "eine Größe in Bytes wie 1048576, 512KiB oder 1MiB"))
    }

    /// `sha256:<64 hex>` as printed by `baustein token new NAME`.
    func tokenHash(_ node: Node, field: String) throws -> String {
        let text = (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let hex = text.hasPrefix("sha256:") ? String(text.dropFirst(7)) : ""
        guard hex.count == 64, Hex.decode(hex) != nil else {
            throw fail(node, .wrongType(field: field, expected: "ein Hash der Form sha256:<64 Hex-Zeichen> (erzeugt mit 'baustein token new NAME')"))
        }
        return hex
    }

    /// `{url, tries, backoff, timeout}`; the durations also take milliseconds (`250ms`).
    func deliveryTarget(_ node: Node, field: String) throws -> ServerConfiguration.DeliveryTarget {
        let fields = try self.fields(node, section: field, allowed: ["url", "tries", "backoff", "timeout"])
        guard let urlNode = fields["url"] else { throw fail(node, .missingField(section: field, field: "url")) }
        let text = try string(urlNode, field: "\(field).url")
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
            throw fail(urlNode, .wrongType(field: "\(field).url", expected: "eine http- oder https-Adresse"))
        }
        var target = ServerConfiguration.DeliveryTarget(url: url)
        if let tries = fields["tries"] { target.tries = try positiveInt(tries, field: "\(field).tries") }
        if let backoff = fields["backoff"] { target.backoffSeconds = try shortDuration(backoff, field: "\(field).backoff") }
        if let timeout = fields["timeout"] { target.timeoutSeconds = try shortDuration(timeout, field: "\(field).timeout") }
        return target
    }

    private func shortDuration(_ node: Node, field: String) throws -> TimeInterval {
        let text = (node.scalar?.string ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasSuffix("ms"), let count = Int(text.dropLast(2)), count > 0 { return TimeInterval(count) / 1000 }
        return try duration(node, field: field)
    }
}
