import Foundation
import Yams

/// The team, the approval rules and the channels, read from `baustein.yaml`; every value has a safe default.
public struct WorkflowConfiguration: Sendable, Equatable {
    /// When the press office (Pressestelle) must approve a reply before it may be sent.
    public struct Rules: Sendable, Equatable {
        /// A reply whose text differs from the approved snippet (after placeholders) needs approval.
        public var pressApprovalForEdited = true
        /// A reply to a message that hit an escalation trigger needs approval.
        public var pressApprovalForFlagged = true
        /// The press office may not approve a reply its own approver prepared (four-eyes principle).
        public var fourEyes = true
        /// How long an item stays reserved for the person who opened it in `baustein review`.
        public var claimSeconds: TimeInterval = 15 * 60
        /// Snippets marked `approval: press` always need approval; this is not configurable on purpose.
        public init() {}
    }

    public var team: [TeamMember] = []
    /// Department id → display name.
    public var departments: [String: String] = [:]
    public var rules = Rules()
    public var channels: [String: ChannelPolicy] = ChannelPolicy.defaults
    /// Longest message text that intake accepts, in UTF-8 bytes.
    public var maxMessageBytes = 20_000
    /// How long closed messages keep their text and author before `baustein purge` removes them.
    public var retentionDays = 90
    /// Address, limits, API tokens, webhooks and delivery for `baustein serve`.
    public var server = ServerConfiguration()
    /// How the command line establishes who acts (`identity:`); nil when `baustein.yaml` does not say.
    public var identity: IdentityMode?
    /// The audit key file (`audit: key_file:`); nil for the default next to the database.
    public var auditKeyFile: String?

    public init() {}

    /// The team member with this name (case-insensitive), or nil.
    public func member(named name: String) -> TeamMember? {
        let wanted = name.trimmingCharacters(in: .whitespaces).lowercased()
        return team.first { $0.name.lowercased() == wanted }
    }

    /// Reads `baustein.yaml`; a missing file gives the defaults (and an empty team).
    public static func load(from url: URL) throws -> WorkflowConfiguration {
        guard FileManager.default.fileExists(atPath: url.path) else { return WorkflowConfiguration() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: url.path, line: 1, reason: .unreadable("\(error.localizedDescription)"))
        }
        return try parse(text, file: url.path)
    }

    static let sections = ["identity", "team", "departments", "rules", "channels", "intake", "retention", "audit"] + serverSections

    /// Parses the text of `baustein.yaml`.
    public static func parse(_ yaml: String, file: String) throws -> WorkflowConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, line: error.line, reason: .invalidYAML(error.problem))
        }
        var configuration = WorkflowConfiguration()
        guard let root else { return configuration }
        let reader = ConfigurationReader(file: file)
        let top = try reader.fields(root, section: "baustein.yaml", allowed: sections)
        if let departments = top["departments"] {
            for (key, value) in try reader.mapping(departments, section: "departments", allowed: nil) {
                configuration.departments[key] = try reader.string(value, field: "departments.\(key)")
            }
        }
        if let team = top["team"] {
            configuration.team = try reader.team(team, departments: configuration.departments)
        }
        if let rules = top["rules"] {
            let fields = try reader.fields(
                rules, section: "rules", allowed: ["press_approval_for_edited", "press_approval_for_flagged", "four_eyes", "claim"])
            if let node = fields["press_approval_for_edited"] {
                configuration.rules.pressApprovalForEdited = try reader.bool(node, field: "rules.press_approval_for_edited")
            }
            if let node = fields["press_approval_for_flagged"] {
                configuration.rules.pressApprovalForFlagged = try reader.bool(node, field: "rules.press_approval_for_flagged")
            }
            if let node = fields["four_eyes"] { configuration.rules.fourEyes = try reader.bool(node, field: "rules.four_eyes") }
            if let node = fields["claim"] { configuration.rules.claimSeconds = try reader.duration(node, field: "rules.claim") }
        }
        if let channels = top["channels"] {
            for (name, value) in try reader.mapping(channels, section: "channels", allowed: nil) {
                guard ChannelPolicy.isValidName(name) else {
                    throw ConfigurationError(file: file, line: reader.line(of: value), reason: .invalidChannelName(name))
                }
                let limit = value.scalar?.string == "none" ? nil : try reader.positiveInt(value, field: "channels.\(name)")
                configuration.channels[name] = ChannelPolicy(maxLength: limit)
            }
        }
        if let intake = top["intake"] {
            let fields = try reader.fields(intake, section: "intake", allowed: ["max_message_bytes"])
            if let node = fields["max_message_bytes"] {
                configuration.maxMessageBytes = try reader.positiveInt(node, field: "intake.max_message_bytes")
            }
        }
        if let retention = top["retention"] {
            let days = Int(try reader.duration(retention, field: "retention") / 86_400)
            guard days >= 1 else {
                throw ConfigurationError(file: file, line: reader.line(of: retention), reason: .invalidDuration(field: "retention (mindestens 1d)", value: retention.scalar?.string ?? ""))
            }
            configuration.retentionDays = days
        }
        if let node = top["identity"] {
            let value = try reader.string(node, field: "identity")
            guard let mode = IdentityMode(rawValue: value) else { throw reader.fail(node, .unknownIdentityMode(value)) }
            configuration.identity = mode
        }
        if let node = top["audit"] {
            let fields = try reader.fields(node, section: "audit", allowed: ["key_file"])
            if let file = fields["key_file"] { configuration.auditKeyFile = try reader.string(file, field: "audit.key_file") }
        }
        try readServerSections(top, reader: reader, into: &configuration)
        return configuration
    }
}

extension WorkflowConfiguration {
    /// Parses a duration as written in `baustein.yaml` and on the command line: `30s`, `15m`, `24h`, `90d`, `2w`.
    public static func seconds(in duration: String) -> TimeInterval? {
        ConfigurationReader.duration(duration)
    }
}
