import BausteinCore
import BausteinTestSupport
import Foundation
import Testing

/// `baustein report preference`: what the matcher learned from which suggestions staff passed over, per owner and tag.
@Suite("baustein report preference")
struct PreferenceReportCLITests {
    /// An imported federal text worded like the town's own bulky-waste snippet, with another owner and a tag.
    static let imported = """
        ---
        id: bund-sperrmuell
        title: Sperrmüll abholen lassen
        questions:
          - Wann wird der Sperrmüll abgeholt?
        tags: [import]
        approved_by: Bundesportal
        approved_on: 2026-10-01
        ---
        Guten Tag {{name}}, die Abholung von Sperrmüll regelt Ihre Gemeinde.
        """

    @Test("nothing learned at first; after a confirmation that passed over the imported text, its groups are listed, least taken first")
    func learnedGroups() throws {
        let workspace = try WorkflowWorkspace()
        try TestEnvironment.write(Self.imported, to: "snippets/import/bund-sperrmuell.md", in: workspace.directory)
        let sync = try workspace.run(["sync"])
        try #require(sync.status == 0, "\(sync)")

        let empty = try workspace.run(["report", "preference"])
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.stdout.contains("Noch nichts gelernt"), "\(empty)")

        let id = try #require(try workspace.intake([WorkflowWorkspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")]).first)
        let shown = try workspace.run(["show", String(id), "--json"], as: "anna")
        #expect(shown.stdout.contains("bund-sperrmuell"), "the imported text is among the suggestions: \(shown)")
        // Staff send a snippet that was not suggested: every suggestion shown was passed over.
        let confirm = try workspace.run(["confirm", String(id), "--snippet", "wohngeld"], as: "anna")
        #expect(confirm.status == 0, "\(confirm)")

        let report = try workspace.run(["report", "preference"])
        #expect(report.status == 0, "\(report)")
        let lines = report.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasSuffix("Freigabe durch Bundesportal") && $0.contains(" 0 ") && $0.contains(" 1 ") }, "\(report)")
        #expect(lines.contains { $0.hasSuffix("Schlagwort import") }, "\(report)")
        #expect(lines.contains { $0.hasSuffix("Freigabe durch Pressestelle") }, "\(report)")
        // Least taken first: the imported text's groups come before the town's own.
        let importLine = try #require(lines.firstIndex { $0.hasSuffix("Freigabe durch Bundesportal") })
        let ownLine = try #require(lines.firstIndex { $0.hasSuffix("Freigabe durch Pressestelle") })
        #expect(importLine < ownLine, "\(report)")

        let json = try workspace.run(["report", "preference", "--json"]).json()
        let groups = try #require(json["groups"] as? [[String: Any]])
        let federal = try #require(groups.first { ($0["key"] as? [String: Any])?["name"] as? String == "Bundesportal" })
        #expect((federal["key"] as? [String: Any])?["kind"] as? String == "owner")
        #expect((federal["chosen"] as? NSNumber)?.intValue == 0)
        #expect((federal["passedOver"] as? NSNumber)?.intValue == 1)
        let lift = try #require((federal["lift"] as? NSNumber)?.doubleValue)
        #expect(lift < 0)
        // What the rank gets: the lift beyond the minimum (towards 0), never more than the lift.
        let counted = try #require((federal["counted"] as? NSNumber)?.doubleValue)
        #expect(counted <= 0 && counted >= lift && abs(counted - min(lift + MatchWeights().preferenceMinimumLift, 0)) < 1e-9)
        let own = try #require(groups.first { ($0["key"] as? [String: Any])?["name"] as? String == "Pressestelle" })
        #expect((own["chosen"] as? NSNumber)?.intValue == 1)
    }
}
