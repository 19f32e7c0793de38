import BausteinTestSupport
import Foundation
import Testing

/// The review screens and their output through pipes (scripts, logs, `less`): hostile text made visible, the layout
/// following COLUMNS, exactly the channel's text shown, sends confirmed and undoable, unknown keys explained, and the
/// smaller snags of issue 16.
@Suite("review screens and output")
struct ReviewCLITests {
    typealias Workspace = WorkflowWorkspace

    static let hostile = "Frage \u{1B}]0;HACKED\u{07} \u{1B}[31mROT\u{1B}[0m \u{9B}2J \u{202E}zum Ausweis\u{2066} \u{7F}Ende\r\u{1B}[2K"

    /// True when the text holds anything a terminal would obey: C0 controls other than line feed, DEL, C1, bidi controls.
    static func hasControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x0A: return false
            case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
            default: return false
            }
        }
    }

    @Test("show, queue, review, intake and the audit list print text from outside as visible placeholders, also into a pipe")
    func pipesAreSafe() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", author: "Eve \u{1B}[8m", text: Self.hostile, replyTo: "x\u{1B}]0;y\u{07}")])
        let id = String(ids[0])
        for run in [
            try workspace.run(["show", id]), try workspace.run(["queue"]), try workspace.run(["audit", "--item", id]),
            try workspace.run(["review"], as: "anna", input: "q\n"),
            try workspace.run(["intake"], input: Workspace.message(id: "fb-2", text: Self.hostile) + "\n"),
        ] {
            #expect(run.status == 0, "\(run)")
            #expect(!Self.hasControls(run.stdout), "raw control characters in: \(run.stdout.debugDescription)")
            #expect(!Self.hasControls(run.stderr), "raw control characters in: \(run.stderr.debugDescription)")
        }
        let show = try workspace.run(["show", id], environment: ["COLUMNS": "200"])
        #expect(show.stdout.contains("Frage ␛]0;HACKED␇ ␛[31mROT␛[0m ⟪U+009B⟫2J ⟪U+202E⟫zum Ausweis⟪U+2066⟫ ␡Ende␍␛[2K"), "\(show)")
        #expect(show.stdout.contains("Von: Eve ␛[8m"), "\(show)")
    }

    @Test("--json keeps the exact text but escapes what a terminal would obey")
    func jsonIsExactAndSafe() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: Self.hostile)])
        let show = try workspace.run(["show", String(ids[0]), "--json"])
        #expect(!Self.hasControls(show.stdout), "\(show.stdout.debugDescription)")
        #expect(show.stdout.contains("\\u202e") && show.stdout.contains("\\u009b") && show.stdout.contains("\\u001b"), "\(show)")
        let entry = try #require(try show.json()["entry"] as? [String: Any])
        #expect(entry["text"] as? String == Self.hostile)
    }

    @Test("a pipe takes its width from COLUMNS; words are not split")
    func columns() throws {
        let workspace = try Workspace()
        let text = "Guten Tag, wann wird der Sperrmüll in der Friedrich-Ebert-Straße abgeholt, und muss man den Sperrmüll vorher anmelden?"
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: text)])
        for width in [60, 100] {
            let show = try workspace.run(["show", String(ids[0])], environment: ["COLUMNS": String(width)])
            let lines = show.stdout.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= width }, "wider than \(width): \(show.stdout)")
            #expect(show.stdout.contains("Friedrich-Ebert-Straße"), "\(show)")
            if width == 100 { #expect(lines.contains { $0.count > 80 }, "100 columns not used: \(show.stdout)") }
        }
    }

    @Test("on X the preview is the short text that will be sent, for every suggestion")
    func shortPreview() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "x-1", channel: "x", author: "@mia_b", text: "Wie bekomme ich einen Bewohnerparkausweis für meine Straße?")
        ])
        let show = try workspace.run(["show", String(ids[0])], environment: ["COLUMNS": "200"])
        #expect(show.stdout.contains("Kurzfassung für x"), "\(show)")
        #expect(show.stdout.contains("Den Bewohnerparkausweis beantragen Sie online: https://www.musterstadt.example"), "\(show)")
        // Every suggestion shows text under its title: no empty preview.
        let lines = show.stdout.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.hasPrefix("[") && line.contains("] ") {
            #expect(index + 1 < lines.count && !lines[index + 1].trimmingCharacters(in: .whitespaces).isEmpty, "empty preview: \(show)")
        }
    }

    @Test("1 shows what goes to whom and sends only after j; an unknown key names the keys; u takes the send back")
    func sendConfirmUndo() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?", replyTo: "fb-comment-1")
        ])
        let id = ids[0]
        let cancelled = try workspace.run(["review"], as: "anna", input: "x\n1\nn\nq\n")
        #expect(cancelled.stdout.contains("Unbekannte Taste 'x'. Möglich: 1-3 (senden), b (bearbeiten)"), "\(cancelled)")
        #expect(cancelled.stdout.contains("An: fb-comment-1 über facebook (öffentlich sichtbar)"), "\(cancelled)")
        #expect(cancelled.stdout.contains("Guten Tag Jana K., Sperrmüll melden Sie unter 0123 4567-300 an."), "\(cancelled)")
        #expect(cancelled.stdout.contains("Nicht gesendet."), "\(cancelled)")
        #expect(try workspace.state(of: id) == "open")

        let sentAndUndone = try workspace.run(["review"], as: "anna", input: "1\nj\nu\nq\n")
        #expect(sentAndUndone.stdout.contains("#\(id): offen → freigegeben"), "\(sentAndUndone)")
        #expect(sentAndUndone.stdout.contains("Rückgängig gemacht: #\(id): freigegeben (im Postausgang) → offen"), "\(sentAndUndone)")
        #expect(try workspace.state(of: id) == "open")
        #expect(try workspace.audit(id).map { $0["action"] as? String } == ["receive", "confirm", "undo"])
    }

    @Test("review.confirm_send: false sends a sure suggestion with its number alone")
    func confirmSendOff() throws {
        let workspace = try Workspace()
        let config = try String(contentsOf: workspace.directory.appendingPathComponent("baustein.yaml"), encoding: .utf8)
        _ = try workspace.file("baustein.yaml", config + "\nreview:\n  confirm_send: false\n")
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        let review = try workspace.run(["review"], as: "anna", input: "1\nq\n")
        #expect(review.stdout.contains("offen → freigegeben"), "\(review)")
        #expect(try workspace.state(of: ids[0]) == "approved")
    }

    @Test("confirm and undo on the command line: an unsure item needs --despite-abstention; undo stops at export")
    func confirmAndUndoCommands() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Redaktion hier: wann wird der Sperrmüll abgeholt?"),
            Workspace.message(id: "fb-2", text: "Wann wird der Sperrmüll abgeholt?"),
        ])
        let (unsure, sure) = (String(ids[0]), String(ids[1]))
        let refused = try workspace.run(["confirm", unsure, "--snippet", "sperrmuell-anmelden"], as: "anna")
        #expect(refused.status != 0 && refused.stderr.contains("--despite-abstention"), "\(refused)")
        let forced = try workspace.run(["confirm", unsure, "--snippet", "sperrmuell-anmelden", "--despite-abstention"], as: "anna")
        #expect(forced.status == 0, "\(forced)")

        #expect(try workspace.run(["confirm", sure], as: "anna").status == 0)
        let other = try workspace.run(["undo", sure], as: "ben")
        #expect(other.status != 0 && other.stderr.contains("nur anna (oder admin)"), "\(other)")
        let undo = try workspace.run(["undo", sure], as: "anna")
        #expect(undo.status == 0 && undo.stdout.contains("freigegeben (im Postausgang) → offen"), "\(undo)")
        #expect(try workspace.run(["confirm", sure], as: "anna").status == 0)
        _ = try workspace.export()
        let late = try workspace.run(["undo", sure], as: "anna")
        #expect(late.status != 0 && late.stderr.contains("Nicht mehr rückgängig"), "\(late)")
    }

    @Test("forward in review checks the department before it asks for the note")
    func forwardChecksDepartmentFirst() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Darf mein Nachbar sonntags Rasen mähen?")])
        let review = try workspace.run(["review"], as: "anna", input: "w\nzoo\nq\n")
        #expect(review.stdout.contains("Fachbereich 'zoo' gibt es nicht. Bekannt: bauamt, ordnungsamt."), "\(review)")
        #expect(!review.stdout.contains("Frage an den Fachbereich:"), "\(review)")
        #expect(try workspace.state(of: ids[0]) == "open")
    }

    @Test("approvals: an escalation without a reply points to its own keys; a reply is shown once, after the message")
    func approvalsScreen() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([
            Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?"),
            Workspace.message(id: "fb-2", text: "Wie hoch ist die Hundesteuer für zwei Hunde?"),
        ])
        #expect(try workspace.run(["escalate", String(ids[0]), "--note", "Bitte prüfen"], as: "anna").status == 0)
        let text = "Guten Tag, die Hundesteuer für zwei Hunde steht in der Satzung."
        #expect(try workspace.run(["edit", String(ids[1]), "--text-file", try workspace.file("t.txt", text)], as: "anna").status == 0)
        let approvals = try workspace.run(["approvals"], as: "petra", input: "f\nn\nq\n")
        #expect(approvals.stdout.contains("hat noch keine Antwort: b schreibt eine (und gibt sie frei), z gibt zurück."), "\(approvals)")
        #expect(!approvals.stdout.contains("baustein rewrite"), "\(approvals)")
        let screen = try #require(approvals.stdout.components(separatedBy: "Wie hoch ist die Hundesteuer").last)
        #expect(screen.components(separatedBy: "steht in der Satzung.").count == 2, "reply shown more than once: \(approvals)")
    }

    @Test("staff cannot hand the outbox to delivery")
    func exportNotForStaff() throws {
        let workspace = try Workspace()
        let refused = try workspace.run(["outbox", "export", "--jsonl"], as: "anna")
        #expect(refused.status != 0, "\(refused)")
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        #expect(try workspace.run(["confirm", String(ids[0])], as: "anna").status == 0)
        let withReply = try workspace.run(["outbox", "export", "--jsonl"], as: "anna")
        #expect(withReply.status != 0 && withReply.stderr.contains("darf 'an die Zustellung übergeben'"), "\(withReply) / \(refused)")
        #expect(try workspace.state(of: ids[0]) == "approved")
    }

    @Test("plain-text intake says when replies cannot be delivered, and --reply-to gives the address")
    func plainTextWithoutAddress() throws {
        let workspace = try Workspace()
        let bare = try workspace.run(["intake"], input: "Wann wird der Sperrmüll abgeholt?\n")
        #expect(bare.status == 0 && bare.stderr.contains("1 Nachricht(en) ohne Antwortadresse"), "\(bare)")
        #expect(bare.stderr.contains("--reply-to"), "\(bare)")
        let addressed = try workspace.run(["intake", "--reply-to", "buerger@example.org"], input: "Wie hoch ist die Hundesteuer?\n")
        #expect(addressed.status == 0 && !addressed.stderr.contains("ohne Antwortadresse"), "\(addressed)")
        let show = try workspace.run(["show", "2", "--json"])
        #expect(try show.json()["replyTo"] as? String == "buerger@example.org", "\(show)")
    }
}
