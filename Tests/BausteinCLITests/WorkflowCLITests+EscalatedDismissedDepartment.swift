import BausteinTestSupport
import Foundation
import Testing

extension WorkflowCLITests {
    @Test("escalated: the press office rewrites one escalation and returns another to staff with a note")
    func escalatedPath() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(
                id: "fb-2", author: "Nordkurier",
                text: "Hier ist die Redaktion des Nordkurier, wir bitten um eine Stellungnahme zu den Wartezeiten.",
                replyTo: "fb-dm-2"),
            Workspace.message(id: "fb-3", author: "Horst W.", text: "Wie hoch ist die Hundesteuer?"),
        ])
        try #require(ids.count == 2)
        let (press, dog) = (ids[0], ids[1])
        let flagged = try workspace.run(["show", String(press), "--json"])
        #expect(((try flagged.json()["entry"] as? [String: Any])?["flags"] as? [String]) == ["presse"], "\(flagged)")

        let review = try workspace.run(["review"], as: "anna", input: "e\nPresseanfrage, bitte übernehmen\ne\nBetrag unklar\n")
        #expect(review.status == 0, "\(review)")
        #expect(try workspace.state(of: press) == "escalated")
        #expect(try workspace.state(of: dog) == "escalated")

        let rewritten = "Guten Tag, die Pressestelle meldet sich heute telefonisch bei Ihnen."
        let approvals = try workspace.run(
            ["approvals"], as: "petra", input: "b\nneu\n\(rewritten)\n.\n.\nz\nBitte den Baustein hundesteuer-anmelden nehmen\n")
        #expect(approvals.status == 0, "\(approvals)")
        #expect(approvals.stdout.contains("Presseanfrage, bitte übernehmen"), "the press office sees staff's note: \(approvals)")
        // Four eyes: petra's rewrite waits for a colleague.
        #expect(try workspace.state(of: press) == "edited")
        #expect(try workspace.state(of: dog) == "returned")
        let colleague = try workspace.run(["approve", String(press)], as: "paul")
        #expect(colleague.status == 0, "\(colleague)")
        #expect(try workspace.state(of: press) == "approved")

        // Back with staff, shown as returned with the press office's note.
        let queue = try workspace.run(["queue", "--json"], as: "anna")
        let returned = try #require(try queue.jsonLines().first { ($0["id"] as? NSNumber)?.int64Value == dog }, "\(queue)")
        #expect(returned["state"] as? String == "returned")
        #expect(returned["note"] as? String == "Bitte den Baustein hundesteuer-anmelden nehmen")
        let text = try workspace.run(["queue"], as: "anna")
        #expect(text.stdout.contains("von der Pressestelle zurückgegeben"), "\(text)")

        let exported = try workspace.export()
        #expect(exported.count == 1, "\(exported)")
        #expect(exported.first?["text"] as? String == rewritten)
        #expect(exported.first?["reply_to"] as? String == "fb-dm-2")
        #expect(try workspace.run(["outbox", "mark-sent", String(press)], as: "admin").status == 0)
        #expect(try workspace.state(of: press) == "sent")

        let pressTrail = try workspace.audit(press)
        #expect(
            Self.trail(pressTrail) == [
                "receive intake system", "escalate anna staff", "rewrite petra press", "approve paul press", "export admin admin",
                "mark-sent admin admin",
            ], "\(pressTrail)")
        #expect(pressTrail[1]["note"] as? String == "Presseanfrage, bitte übernehmen")
        #expect(pressTrail[2]["text"] as? String == rewritten)
        let dogTrail = try workspace.audit(dog)
        #expect(Self.trail(dogTrail) == ["receive intake system", "escalate anna staff", "return petra press"], "\(dogTrail)")
        #expect(dogTrail.last?["note"] as? String == "Bitte den Baustein hundesteuer-anmelden nehmen")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("an emergency comes first in review, with the 110/112 notice above the message")
    func emergencyFirst() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wie hoch ist die Hundesteuer?"),
            Workspace.message(id: "fb-2", author: "Kevin R.", text: "Hilfe, in der Lindenstraße 4 brennt es im Keller!"),
        ])
        try #require(ids.count == 2)
        let review = try workspace.run(["review"], as: "anna", input: "q\n")
        #expect(review.status == 0, "\(review)")
        let notice = try #require(review.stdout.range(of: "sofort auf 110 und 112 hinweisen"), "\(review)")
        let message = try #require(review.stdout.range(of: "brennt es im Keller"), "\(review)")
        #expect(notice.lowerBound < message.lowerBound, "the notice comes before the message: \(review)")
        #expect(!review.stdout.contains("Wie hoch ist die Hundesteuer?"), "the emergency is shown first: \(review)")
        #expect(try workspace.state(of: ids[1]) == "open", "q leaves the item as it was")
    }

    @Test("dismissed: closed with a reason, never in the outbox, the reason in the audit trail")
    func dismissedPath() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "ig-9", channel: "instagram", text: "Wer wird Deutscher Meister?"),
            Workspace.message(id: "ig-10", channel: "instagram", text: "Billige Follower kaufen unter example.com"),
        ])
        try #require(ids.count == 2)

        // In review: a kind from the menu (5 = keine Antwort nötig) and the reason; then q.
        let review = try workspace.run(["review"], as: "anna", input: "s\n5 kein Bezug zur Verwaltung\nq\n")
        #expect(review.status == 0, "\(review)")
        #expect(review.stdout.contains("ohne Antwort geschlossen"), "\(review)")
        #expect(try workspace.state(of: ids[0]) == "dismissed")
        #expect(try workspace.state(of: ids[1]) == "open")
        let scripted = try workspace.run(["dismiss", String(ids[1]), "--reason", "Werbung", "--kind", "spam"], as: "ben")
        #expect(scripted.status == 0, "\(scripted)")
        #expect(try workspace.state(of: ids[1]) == "dismissed")

        let outbox = try workspace.run(["outbox", "--sent", "--json"])
        #expect(outbox.status == 0 && outbox.stdout.isEmpty, "\(outbox)")
        #expect(try workspace.export().isEmpty)
        let first = try workspace.audit(ids[0])
        #expect(Self.trail(first) == ["receive intake system", "dismiss anna staff"], "\(first)")
        #expect(first.last?["note"] as? String == "keine Antwort nötig: kein Bezug zur Verwaltung")
        #expect(first.last?["toState"] as? String == "dismissed")
        let second = try workspace.audit(ids[1])
        #expect(Self.trail(second) == ["receive intake system", "dismiss ben staff"], "\(second)")
        #expect(second.last?["note"] as? String == "Spam: Werbung")
        // Staff no longer see them.
        #expect(try Workspace.ids(try workspace.run(["queue", "--json"], as: "anna")).isEmpty)
        #expect(try workspace.run(["audit", "verify"]).status == 0)

        // The press office closes from its own screen the same way: an escalated item, kind 2 (Spam).
        let third = try workspace.intake([Workspace.message(id: "ig-11", channel: "instagram", text: "Gewinnspiel! Jetzt klicken")])[0]
        #expect(try workspace.run(["escalate", String(third), "--note", "Werbung?"], as: "ben").status == 0)
        let approvals = try workspace.run(["approvals"], as: "petra", input: "s\n2 Werbung\nq\n")
        #expect(approvals.stdout.contains("ohne Antwort geschlossen"), "\(approvals)")
        #expect(Self.trail(try workspace.audit(third)).last == "dismiss petra press")
        #expect(try workspace.audit(third).last?["note"] as? String == "Spam: Werbung")
    }

    @Test("department: a forwarded item is seen by its department only; the draft goes through the press office")
    func departmentPath() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(
                id: "mail-7", channel: "email", author: "k.schulz@example.com", text: "Darf ich am Sonntag im Garten laut Musik hören?",
                replyTo: "k.schulz@example.com")
        ])
        let id = try #require(ids.first)

        let unknown = try workspace.run(["forward", String(id), "--to", "zoo", "--note", "?"], as: "anna")
        #expect(unknown.status != 0 && unknown.stderr.contains("Bekannt: bauamt, ordnungsamt"), "\(unknown)")
        let forward = try workspace.run(
            ["forward", String(id), "--to", "ordnungsamt", "--note", "Gilt die Sonntagsruhe auch im Garten?"], as: "anna")
        #expect(forward.status == 0, "\(forward)")
        #expect(try workspace.state(of: id) == "forwarded")

        #expect(try Workspace.ids(try workspace.run(["queue", "--json"], as: "olaf")) == [id])
        #expect(try Workspace.ids(try workspace.run(["queue", "--json"], as: "sabine")).isEmpty)
        // A department answers in its own words: the snippet keys are not offered to it in review.
        for key in ["1", "2", "3"] {
            let review = try workspace.run(["review"], as: "olaf", input: "\(key)\nq\n")
            #expect(review.stdout.contains("Unbekannte Taste '\(key)'"), "\(review)")
            #expect(try workspace.state(of: id) == "forwarded")
        }
        let draftFile = try workspace.file("entwurf.txt", "Guten Tag, sonntags gilt auch im Garten Zimmerlautstärke.\n")
        let foreign = try workspace.run(["draft", String(id), "--text-file", draftFile], as: "sabine")
        #expect(foreign.status != 0 && foreign.stderr.contains("gehört nicht zum Fachbereich 'ordnungsamt'"), "\(foreign)")

        let draft = try workspace.run(["draft", String(id), "--text-file", draftFile], as: "olaf")
        #expect(draft.status == 0, "\(draft)")
        #expect(try workspace.state(of: id) == "drafted")
        // A department does not speak for the authority: nothing in the outbox until the press office approved.
        #expect(try workspace.export().isEmpty)

        let approvals = try workspace.run(["approvals"], as: "petra", input: "f\n")
        #expect(approvals.status == 0, "\(approvals)")
        #expect(try workspace.state(of: id) == "approved")
        let exported = try workspace.export()
        #expect(exported.count == 1, "\(exported)")
        #expect(exported.first?["text"] as? String == "Guten Tag, sonntags gilt auch im Garten Zimmerlautstärke.")
        #expect(exported.first?["channel"] as? String == "email")
        #expect(exported.first?["snippet"] == nil, "a draft is built on no snippet: \(exported)")
        let rows = try workspace.audit(id)
        #expect(
            Self.trail(rows) == [
                "receive intake system", "forward anna staff", "draft olaf department", "approve petra press", "export admin admin",
            ], "\(rows)")
    }
}
