import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `baustein.yaml`: the shipped file loads, every value has a safe default, and each mistake an admin can make
/// is reported with its line and what to write instead.
@Suite("Workflow configuration")
struct WorkflowConfigurationTests {
    static func parse(_ yaml: String) throws -> WorkflowConfiguration {
        try WorkflowConfiguration.parse(yaml, file: "baustein.yaml")
    }

    static func error(_ yaml: String) -> ConfigurationError? {
        caught { try parse(yaml) } as? ConfigurationError
    }

    @Test("the shipped baustein.yaml loads with the Musterstadt team and safe rules")
    func shippedFile() throws {
        let configuration = try WorkflowConfiguration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("baustein.yaml"))
        #expect(configuration.team.map(\.name) == ["anna", "ben", "petra", "paul", "olaf", "sabine", "admin"])
        #expect(configuration.member(named: "Petra")?.role == .press)
        #expect(configuration.member(named: "olaf") == TeamMember(name: "olaf", role: .department, department: "ordnungsamt"))
        #expect(configuration.departments["bauamt"] == "Bauamt")
        #expect(configuration.departments.count == 4)
        #expect(configuration.rules.pressApprovalForEdited && configuration.rules.pressApprovalForFlagged && configuration.rules.fourEyes)
        #expect(configuration.rules.claimSeconds == 15 * 60)
        #expect(configuration.channels["x"]?.maxLength == 280)
        #expect(configuration.channels["email"] == ChannelPolicy(maxLength: nil))
        #expect(configuration.maxMessageBytes == 20_000)
        #expect(configuration.retentionDays == 90)
    }

    @Test("a missing file gives the safe defaults and an empty team")
    func missingFile() throws {
        let configuration = try WorkflowConfiguration.load(from: URL(fileURLWithPath: "/nonexistent/baustein.yaml"))
        #expect(configuration == WorkflowConfiguration())
        #expect(configuration.team.isEmpty)
        #expect(configuration.rules.pressApprovalForEdited && configuration.rules.pressApprovalForFlagged && configuration.rules.fourEyes)
        #expect(configuration.channels == ChannelPolicy.defaults)
    }

    @Test("an empty file gives the defaults too")
    func emptyFile() throws {
        #expect(try Self.parse("") == WorkflowConfiguration())
        #expect(try Self.parse("# nur ein Kommentar\n") == WorkflowConfiguration())
    }

    @Test("an unknown top-level field is named with its line and the allowed fields")
    func unknownTopLevelField() {
        let error = Self.error("team: []\nrulez:\n  four_eyes: false\n")
        #expect(error?.line == 2)
        guard case .unknownField(let section, let field, let allowed) = error?.reason else {
            Issue.record("expected unknownField, got \(String(describing: error))")
            return
        }
        #expect(section == "baustein.yaml" && field == "rulez" && allowed.contains("rules"))
        #expect(error?.description.hasPrefix("baustein.yaml:2: Unbekanntes Feld 'rulez'") == true)
    }

    @Test("an unknown field inside rules or a team entry is named with its line")
    func unknownNestedField() {
        #expect(Self.error("rules:\n  four_eyes: true\n  four_ears: true\n")?.line == 3)
        let error = Self.error("team:\n  - name: anna\n    role: staff\n    email: anna@example.org\n")
        #expect(error?.line == 4)
        if case .unknownField(let section, let field, _) = error?.reason {
            #expect(section == "team" && field == "email")
        } else {
            Issue.record("expected unknownField, got \(String(describing: error))")
        }
    }

    @Test("an unknown role is refused and the known roles listed")
    func unknownRole() {
        let error = Self.error("team:\n  - name: anna\n    role: staff\n  - name: bob\n    role: boss\n")
        #expect(error?.reason == .unknownRole("boss"))
        #expect(error?.line == 5)
        #expect(error?.message.contains("staff, department, press, admin") == true)
    }

    @Test("a department member needs a department")
    func departmentMissing() {
        let error = Self.error("departments:\n  bauamt: Bauamt\nteam:\n  - name: sabine\n    role: department\n")
        #expect(error?.reason == .departmentMissing(member: "sabine"))
        #expect(error?.line == 4)
    }

    @Test("a department must be listed under departments, wherever it appears in the file")
    func unknownDepartment() throws {
        let error = Self.error("departments:\n  bauamt: Bauamt\nteam:\n  - name: olaf\n    role: department\n    department: ordnungsamt\n")
        #expect(error?.reason == .unknownDepartment(member: "olaf", department: "ordnungsamt"))
        #expect(error?.line == 6)
        // The team may come before the departments.
        let configuration = try Self.parse("team:\n  - name: olaf\n    role: department\n    department: bauamt\ndepartments:\n  bauamt: Bauamt\n")
        #expect(configuration.team.first?.department == "bauamt")
    }

    @Test("a name twice in the team is refused, regardless of case")
    func duplicateMember() {
        let error = Self.error("team:\n  - name: anna\n    role: staff\n  - name: Anna\n    role: press\n")
        #expect(error?.reason == .duplicateMember("Anna"))
        #expect(error?.line == 4)
    }

    @Test("a team entry without a name or role names the missing field")
    func missingTeamFields() {
        #expect(Self.error("team:\n  - role: staff\n")?.reason == .missingField(section: "team", field: "name"))
        #expect(Self.error("team:\n  - name: anna\n")?.reason == .missingField(section: "team", field: "role"))
    }

    @Test("durations: 30s, 15m, 24h, 90d, 2w; anything else is refused with an example")
    func durations() throws {
        #expect(try Self.parse("rules:\n  claim: 30s\n").rules.claimSeconds == 30)
        #expect(try Self.parse("rules:\n  claim: 2h\n").rules.claimSeconds == 7200)
        #expect(try Self.parse("retention: 2w\n").retentionDays == 14)
        #expect(try Self.parse("retention: 30d\n").retentionDays == 30)
        for bad in ["15 minutes", "15", "m", "0m", "-5m", "1.5h"] {
            let error = Self.error("rules:\n  claim: \(bad)\n")
            #expect(error?.reason == .invalidDuration(field: "rules.claim", value: bad), "\(bad)")
            #expect(error?.line == 2)
        }
        #expect(Self.error("retention: bald\n")?.message.contains("15m, 24h oder 90d") == true)
    }

    @Test("booleans accept true/false, yes/no, ja/nein; anything else is refused")
    func booleans() throws {
        #expect(try Self.parse("rules:\n  four_eyes: nein\n").rules.fourEyes == false)
        #expect(try Self.parse("rules:\n  press_approval_for_edited: no\n").rules.pressApprovalForEdited == false)
        #expect(Self.error("rules:\n  four_eyes: vielleicht\n")?.reason == .wrongType(field: "rules.four_eyes", expected: "true oder false"))
    }

    @Test("channels override built-in limits, add new ones, and 'none' lifts a limit")
    func channelOverrides() throws {
        let configuration = try Self.parse("channels:\n  x: 140\n  sms: 160\n  mastodon: none\n")
        #expect(configuration.channels["x"]?.maxLength == 140)
        #expect(configuration.channels["sms"]?.maxLength == 160)
        #expect(configuration.channels["mastodon"] == ChannelPolicy(maxLength: nil))
        #expect(configuration.channels["facebook"]?.maxLength == 8000)
    }

    @Test("a bad channel name or limit is refused with its line")
    func badChannels() {
        #expect(Self.error("channels:\n  x: 280\n  Fax Gerät: 100\n")?.reason == .invalidChannelName("Fax Gerät"))
        #expect(Self.error("channels:\n  x: 280\n  Fax Gerät: 100\n")?.line == 3)
        #expect(Self.error("channels:\n  x: 0\n")?.reason == .wrongType(field: "channels.x", expected: "eine positive ganze Zahl"))
        #expect(Self.error("channels:\n  x: viel\n")?.line == 2)
    }

    @Test("the message size limit is configurable")
    func maxMessageBytes() throws {
        #expect(try Self.parse("intake:\n  max_message_bytes: 4096\n").maxMessageBytes == 4096)
        #expect(Self.error("intake:\n  max_message_bytes: -1\n")?.line == 2)
    }

    @Test("YAML that does not parse is reported with its line")
    func invalidYAML() {
        let error = Self.error("team:\n  - name: anna\n    role: [staff\n")
        guard case .invalidYAML = error?.reason else {
            Issue.record("expected invalidYAML, got \(String(describing: error))")
            return
        }
        #expect((error?.line ?? 0) >= 3)
    }

    @Test("the file must be a mapping, and team a list")
    func shapes() {
        #expect(Self.error("- anna\n- ben\n")?.reason == .notAMapping(section: "baustein.yaml"))
        if case .wrongType(let field, _) = Self.error("team: anna\n")?.reason {
            #expect(field == "team")
        } else {
            Issue.record("expected wrongType for team")
        }
    }
}
