import BausteinTestSupport
import Foundation
import Testing

/// The workflow through the real binary, as staff, the press office, a department and the delivery script use it:
/// intake → review (driven through standard input) → approval → outbox → sent, with the audit trail checked.
@Suite("baustein workflow CLI: from intake to sent")
struct WorkflowCLITests {
    typealias Workspace = WorkflowWorkspace

    static let sperrmuellReply = "Guten Tag Jana K., Sperrmüll melden Sie unter 0123 4567-300 an."

    /// Actions, actors and roles of an item's audit rows, in order.
    static func trail(_ rows: [[String: Any]]) -> [String] {
        rows.map { "\($0["action"] as? String ?? "?") \($0["actor"] as? String ?? "?") \($0["role"] as? String ?? "?")" }
    }

    @Test("unchanged: review confirms suggestion 1, the reply is exported once with its snippet version, sent, audited")
    func unchangedPath() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?", replyTo: "fb-comment-1")
        ])
        let id = try #require(ids.first)

        // 1 shows the reply and its recipient; j sends it.
        let review = try workspace.run(["review"], as: "anna", input: "1\nj\n")
        #expect(review.status == 0, "\(review)")
        #expect(review.stdout.contains("#\(id): offen → freigegeben"), "\(review)")
        #expect(review.stdout.contains("1 Anfrage(n) bearbeitet."), "\(review)")
        #expect(try workspace.state(of: id) == "approved")

        let exported = try workspace.export()
        #expect(exported.count == 1, "\(exported)")
        let line = try #require(exported.first)
        #expect((line["id"] as? NSNumber)?.int64Value == id)
        #expect(line["channel"] as? String == "facebook")
        #expect(line["reply_to"] as? String == "fb-comment-1")
        #expect(line["message_id"] as? String == "fb-1")
        #expect(line["text"] as? String == Self.sperrmuellReply)
        #expect(line["snippet"] as? String == "sperrmuell-anmelden@1")
        #expect(try workspace.state(of: id) == "queued")
        // Exported exactly once: a second run of the delivery script gets nothing.
        #expect(try workspace.export().isEmpty)

        let sent = try workspace.run(["outbox", "mark-sent", String(id)], as: "admin")
        #expect(sent.status == 0, "\(sent)")
        #expect(try workspace.state(of: id) == "sent")

        let rows = try workspace.audit(id)
        #expect(
            Self.trail(rows) == ["receive intake system", "confirm anna staff", "export admin admin", "mark-sent admin admin"],
            "\(rows)")
        let confirm = try #require(rows.first { $0["action"] as? String == "confirm" })
        #expect(confirm["fromState"] as? String == "open")
        #expect(confirm["toState"] as? String == "approved")
        #expect(confirm["snippetID"] as? String == "sperrmuell-anmelden")
        #expect((confirm["snippetVersion"] as? NSNumber)?.intValue == 1)
        #expect(confirm["text"] as? String == Self.sperrmuellReply)
        #expect(confirm["diff"] == nil)
        #expect(rows.last?["text"] as? String == Self.sperrmuellReply)

        let verify = try workspace.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify)")
        #expect(verify.stdout.contains("Protokoll intakt: 4 Zeilen"), "\(verify)")
    }

    @Test("edited: inline edit in review goes to the press office, is approved and sent; the audit row carries the diff")
    func editedPath() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?", replyTo: "fb-comment-1")
        ])
        let id = try #require(ids.first)
        let edited = "Guten Tag Jana K., Sperrmüll melden Sie bitte telefonisch unter 0123 4567-300 an."

        // Inline editing (no terminal): 'neu' types the text anew, '.' ends it, a second '.' takes it.
        let review = try workspace.run(["review"], as: "anna", input: "b\nneu\n\(edited)\n.\n.\n")
        #expect(review.status == 0, "\(review)")
        #expect(review.stdout.contains("Die Pressestelle muss freigeben"), "\(review)")
        #expect(try workspace.state(of: id) == "edited")
        // Nothing leaves before the press office approved.
        #expect(try workspace.export().isEmpty)

        let approvals = try workspace.run(["approvals"], as: "petra", input: "f\n")
        #expect(approvals.status == 0, "\(approvals)")
        #expect(approvals.stdout.contains("vorbereitet von anna"), "\(approvals)")
        #expect(approvals.stdout.contains("{+bitte telefonisch+}"), "the press office sees what changed: \(approvals)")
        #expect(try workspace.state(of: id) == "approved")

        let exported = try workspace.export()
        #expect(exported.count == 1 && exported.first?["text"] as? String == edited, "\(exported)")
        #expect(exported.first?["snippet"] as? String == "sperrmuell-anmelden@1")
        #expect(try workspace.run(["outbox", "mark-sent", String(id)], as: "admin").status == 0)
        #expect(try workspace.state(of: id) == "sent")

        let rows = try workspace.audit(id)
        #expect(
            Self.trail(rows) == [
                "receive intake system", "edit anna staff", "approve petra press", "export admin admin", "mark-sent admin admin",
            ], "\(rows)")
        let edit = try #require(rows.first { $0["action"] as? String == "edit" })
        #expect(edit["text"] as? String == edited)
        let diff = try #require(edit["diff"] as? String, "the edit row has no diff: \(edit)")
        #expect(diff.contains("telefonisch"), "\(diff)")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("four eyes: a press person who edited a reply cannot approve it; a colleague can")
    func fourEyes() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        let id = try #require(ids.first)
        let text = try workspace.file("antwort.txt", "Guten Tag Jana K., den Sperrmüll holen wir nach Anmeldung unter 0123 4567-300 ab.\n")

        let edit = try workspace.run(["edit", String(id), "--text-file", text, "--snippet", "sperrmuell-anmelden"], as: "petra")
        #expect(edit.status == 0, "\(edit)")
        #expect(try workspace.state(of: id) == "edited")

        let own = try workspace.run(["approve", String(id)], as: "petra")
        #expect(own.status != 0, "\(own)")
        #expect(own.stderr.contains("Vier-Augen-Prinzip"), "\(own)")
        #expect(try workspace.state(of: id) == "edited")

        let ownLoop = try workspace.run(["approvals"], as: "petra", input: "f\nq\n")
        #expect(ownLoop.stdout.contains("Vier-Augen-Prinzip"), "\(ownLoop)")
        #expect(try workspace.state(of: id) == "edited")

        let colleague = try workspace.run(["approvals"], as: "paul", input: "f\n")
        #expect(colleague.status == 0, "\(colleague)")
        #expect(try workspace.state(of: id) == "approved")
        let audit = try workspace.audit(id)
        #expect(Self.trail(audit) == ["receive intake system", "edit petra press", "approve paul press"], "\(audit)")
    }
}
