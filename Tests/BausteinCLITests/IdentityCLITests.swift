import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// Who acts on the command line (`identity:` in `baustein.yaml`): under `unix` the member mapped to the calling system
/// account, `--as` only for admins, and only over files nobody else can change; `trust-cli` warns on every command.
/// Attack tests: a forged `--as`/`BAUSTEIN_USER`, a configuration of one's own, world-writable files.
@Suite("Identity on the command line")
struct IdentityCLITests {
    /// The account running the tests, as the binary will see it.
    static let me = DeploymentCheck.userName(getuid())

    /// The workspace's team with system accounts: `mapped` gets the test's own account.
    static func configuration(mapped member: String, identity: String? = nil) -> String {
        let team = [("anna", "staff"), ("ben", "staff"), ("petra", "press"), ("paul", "press"), ("admin", "admin")]
        var lines = identity.map { ["identity: \($0)"] } ?? []
        lines.append("team:")
        for (name, role) in team {
            lines.append("  - name: \(name)")
            lines.append("    role: \(role)")
            lines.append("    unix_user: \(name == member ? me : "\(name)-konto")")
        }
        lines += ["rules:", "  four_eyes: true"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A workspace with one open message, its configuration then switched to system accounts.
    static func workspace(mapped member: String) throws -> (WorkflowWorkspace, Int64) {
        let workspace = try WorkflowWorkspace()
        let ids = try workspace.intake([WorkflowWorkspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        _ = try workspace.file("baustein.yaml", configuration(mapped: member))
        return (workspace, ids[0])
    }

    @Test("a command acts as the member mapped to the calling account, without --as")
    func actsAsMappedMember() throws {
        let (workspace, id) = try Self.workspace(mapped: "anna")
        let dismiss = try workspace.run(["dismiss", String(id), "--reason", "erledigt"])
        #expect(dismiss.status == 0, "\(dismiss)")
        #expect(!dismiss.stderr.contains("Warnung"), "no warning under identity: unix: \(dismiss)")
        let row = try #require(try workspace.audit(id).last)
        #expect(row["actor"] as? String == "anna" && row["via"] == nil)
    }

    @Test("attack: --as and BAUSTEIN_USER cannot make a staff account the press office", arguments: ["flag", "environment"])
    func forgedIdentity(_ how: String) throws {
        let (workspace, id) = try Self.workspace(mapped: "anna")
        let run =
            how == "flag"
            ? try workspace.run(["escalate", String(id), "--note", "x"], as: "petra")
            : try workspace.run(["escalate", String(id), "--note", "x"], environment: ["BAUSTEIN_USER": "petra"])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("Systembenutzer '\(Self.me)' handelt als anna und darf nicht als 'petra' handeln"), "\(run)")
        #expect(try workspace.audit(id).count == 1, "nothing was written")
    }

    @Test("an admin account may act for others, and the audit row names the account that did")
    func adminActsForOthers() throws {
        let (workspace, id) = try Self.workspace(mapped: "admin")
        let run = try workspace.run(["escalate", String(id), "--note", "Bitte übernehmen"], as: "anna")
        #expect(run.status == 0, "\(run)")
        let row = try #require(try workspace.audit(id).last)
        #expect(row["actor"] as? String == "anna")
        #expect(row["via"] as? String == "unix:\(Self.me)")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("an account mapped to nobody may not act or read")
    func unmappedAccount() throws {
        let (workspace, _) = try Self.workspace(mapped: "niemand")
        for arguments in [["queue"], ["show", "1"], ["confirm", "1"]] {
            let run = try workspace.run(arguments)
            #expect(run.status == 1, "\(arguments): \(run)")
            #expect(run.stderr.contains("Systembenutzer '\(Self.me)' ist keinem Teammitglied zugeordnet"), "\(run)")
        }
    }

    @Test("a team without unix_user and without identity: trust-cli is refused with what to write")
    func undeclared() throws {
        let workspace = try WorkflowWorkspace()
        _ = try workspace.file("baustein.yaml", "team:\n  - name: anna\n    role: staff\n")
        let run = try workspace.run(["queue"], as: "anna")
        #expect(run.status == 1)
        #expect(run.stderr.contains("'unix_user: <Systembenutzer>'") && run.stderr.contains("identity: trust-cli"), "\(run)")
    }

    @Test("under identity: trust-cli every command warns in one line")
    func trustCLIWarns() throws {
        let workspace = try WorkflowWorkspace()
        let run = try workspace.run(["queue"], as: "anna")
        #expect(run.status == 0)
        let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("Warnung: identity: trust-cli") }
        #expect(warnings.count == 1, "\(run)")
    }

    @Test("attack: a configuration that others can write, or that belongs to someone else, is refused with the fix")
    func unsafeConfiguration() throws {
        let (workspace, id) = try Self.workspace(mapped: "admin")
        let config = workspace.directory.appendingPathComponent("baustein.yaml").path
        chmod(config, 0o666)
        let writable = try workspace.run(["dismiss", String(id), "--reason", "x"], as: "anna")
        #expect(writable.status == 1, "\(writable)")
        #expect(writable.stderr.contains("chmod go-w \(config)"), "\(writable)")
        chmod(config, 0o644)
        let database = workspace.directory.appendingPathComponent("db/baustein.sqlite").path
        chmod(database, 0o666)
        let open = try workspace.run(["queue"])
        #expect(open.status == 1 && open.stderr.contains("chmod o-w \(database)"), "\(open)")
        chmod(database, 0o644)
        #expect(try workspace.run(["queue"]).status == 0)
    }

    @Test(
        "attack: a configuration that belongs to another account than the database is refused with the chown to run",
        .enabled(if: getuid() == 0, "changing a file's owner needs root (CI runs as root)"))
    func foreignConfiguration() throws {
        let (workspace, id) = try Self.workspace(mapped: "admin")
        let config = workspace.directory.appendingPathComponent("baustein.yaml").path
        chown(config, 65_534, 65_534)
        let foreign = try workspace.run(["dismiss", String(id), "--reason", "x"], as: "anna")
        #expect(foreign.status == 1, "\(foreign)")
        #expect(foreign.stderr.contains("chown \(Self.me) \(config)"), "\(foreign)")
        chown(config, 0, 0)
        #expect(try workspace.audit(id).count == 1)
    }

    @Test("only the press office or an admin may replace the snippets (sync)")
    func syncNeedsPressOrAdmin() throws {
        let (workspace, _) = try Self.workspace(mapped: "anna")
        let staff = try workspace.run(["sync"])
        #expect(staff.status == 1 && staff.stderr.contains("anna (Sachbearbeitung) darf die Textbausteine nicht abgleichen"), "\(staff)")
        _ = try workspace.file("baustein.yaml", Self.configuration(mapped: "petra"))
        #expect(try workspace.run(["sync"]).status == 0)
    }
}
