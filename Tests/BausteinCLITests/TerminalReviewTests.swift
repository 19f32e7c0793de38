import BausteinTestSupport
import Foundation
import Testing

/// The screens at a real terminal (tmux): hostile text cannot steer it, the editor owns it while it runs, an unsure
/// suggestion is not sent by one key, every way out releases the item and restores the terminal, and 60 columns
/// wrap at words. Skipped only where tmux cannot be installed.
@Suite("review at a real terminal", .enabled(if: TmuxPane.executable != nil, Comment(rawValue: TmuxPane.missing)))
struct TerminalReviewTests {
    typealias Workspace = WorkflowWorkspace

    /// A shell command that runs `baustein` in the workspace, then prints its exit status and saves the terminal's
    /// settings (to check that they were restored), and stays open so the screen can be read.
    static func command(_ workspace: Workspace, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let binary = try #require(CLIHarness.binary, "baustein binary not found; build with 'swift build --build-tests'")
        var variables = [
            "BAUSTEIN_DATABASE": workspace.directory.appendingPathComponent("db/baustein.sqlite").path, "BAUSTEIN_EMBEDDINGS": "off",
            "TERM": "xterm-256color",
        ]
        variables.merge(environment) { _, new in new }
        let assignments = variables.sorted { $0.key < $1.key }.map { "\($0.key)=\(TmuxPane.quote($0.value))" }.joined(separator: " ")
        let unset = CLIHarness.isolatedVariables.filter { variables[$0] == nil }.map { "-u \($0)" }.joined(separator: " ")
        let invocation = ([binary.path] + arguments).map(TmuxPane.quote).joined(separator: " ")
        let directory = TmuxPane.quote(workspace.directory.path)
        return "cd \(directory) && env -u NO_COLOR \(unset) \(assignments) \(invocation); echo \"[[ENDE $?]]\"; stty -a > stty.txt; sleep 600"
    }

    /// The terminal settings after the command ended, as `stty -a` saw them.
    static func settings(_ workspace: Workspace, pane: TmuxPane) throws -> String {
        let path = workspace.directory.appendingPathComponent("stty.txt").path
        pane.waitFor("stty output") { _ in FileManager.default.fileExists(atPath: path) && ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").contains("echo") }
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    static let hostile =
        "Hallo \u{1B}]0;HACKED\u{07} \u{1B}[31mROT\u{1B}[0m Frage an die Redaktion zum Ausweis \u{1B}[6n \u{202E}gnuthca\u{202C} Ende\u{1B}[2A\r\u{1B}[2K"

    @Test("an escape-laden message leaves the title, the colours and the screen's lines untouched")
    func hostileText() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", author: "Mallory \u{1B}[2J", text: Self.hostile)])
        let pane = try TmuxPane(try Self.command(workspace, ["show", String(ids[0])]), width: 100)
        let screen = pane.waitFor("[[ENDE 0]]")
        #expect(!pane.title().contains("HACKED"), "title: \(pane.title())")
        // The erase sequence at the end did not remove the line above it, and the placeholders are visible.
        #expect(screen.contains("Hinweise: Presseanfrage"), "\(screen)")
        #expect(screen.contains("␛]0;HACKED␇"), "\(screen)")
        #expect(screen.contains("⟪U+202E⟫gnuthca⟪U+202C⟫"), "\(screen)")
        #expect(screen.contains("Ende␛[2A␍␛[2K"), "\(screen)")
        #expect(screen.contains("Von: Mallory ␛[2J"), "\(screen)")
        let colored = pane.screen(colors: true)
        #expect(colored.contains("␛[31mROT"), "\(colored)")
        #expect(!colored.contains("\u{1B}[31mROT"), "ROT is red: \(colored)")
    }

    @Test("in review, a message that asks the terminal for a report does not type keys: nothing is sent")
    func noTypedKeys() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt? \u{1B}[6n \u{1B}[c")])
        let pane = try TmuxPane(try Self.command(workspace, ["review", "--as", "anna"]), width: 100)
        pane.waitFor("Taste:")
        pane.press("q")
        let screen = pane.waitFor("[[ENDE 0]]")
        #expect(!screen.contains("Unbekannte Taste"), "\(screen)")
        #expect(try workspace.state(of: ids[0]) == "open")
    }

    @Test("an editor that reads the terminal works from review: its text lands on the item, the draft file is private and gone")
    func editorOwnsTerminal() throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        let log = workspace.directory.appendingPathComponent("editor.log").path
        let editor = try workspace.file(
            "editor.sh",
            """
            #!/bin/sh
            stat -c '%a %n' "$1" >> \(TmuxPane.quote(log))
            stat -c '%a' "$(dirname "$1")" >> \(TmuxPane.quote(log))
            head -n 1 "$1" >> \(TmuxPane.quote(log))
            printf 'EDITOR-BEREIT> ' > /dev/tty
            IFS= read -r line < /dev/tty
            printf '%s\\n' "$line" > "$1"
            """)
        chmod(editor, 0o755)
        let pane = try TmuxPane(try Self.command(workspace, ["review", "--as", "anna"], environment: ["EDITOR": editor]), width: 100)
        pane.waitFor("Taste:")
        pane.press("b")
        pane.waitFor("EDITOR-BEREIT>")
        pane.type("Guten Tag, Sperrmüll melden Sie bitte online an.")
        pane.press("Enter")
        // The queue is empty then; the last step can still be taken back before leaving.
        var screen = pane.waitFor("u letzten Schritt rückgängig")
        pane.press("q")
        screen = pane.waitFor("[[ENDE 0]]")
        #expect(screen.contains("bearbeitet, wartet auf Freigabe"), "\(screen)")
        let show = try workspace.run(["show", String(ids[0]), "--json"])
        #expect((try show.json()["replyText"] as? String) == "Guten Tag, Sperrmüll melden Sie bitte online an.", "\(show)")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count >= 3, "\(lines)")
        let file = String(lines[0].split(separator: " ", maxSplits: 1)[1])
        #expect(lines[0].hasPrefix("600 "), "\(lines)")
        #expect(lines[1] == "700", "\(lines)")
        // Pre-filled with the suggestion's reply, not empty.
        #expect(lines[2].hasPrefix("Guten Tag Jana K., Sperrmüll"), "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path))
    }

    @Test("an unsure suggestion is not sent by 1 alone: it shows the reply and needs j")
    func unsureNeedsConfirmation() throws {
        let workspace = try Workspace()
        // A press inquiry is offered the press snippet only; the matcher ranked another first, so it is unsure.
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Redaktion hier: wann wird der Sperrmüll abgeholt?")])
        let pane = try TmuxPane(try Self.command(workspace, ["review", "--as", "anna"]), width: 100)
        var screen = pane.waitFor("Taste:")
        #expect(screen.contains("unsicher"), "\(screen)")
        #expect(!screen.contains("%"), "a percentage under an abstention: \(screen)")
        pane.press("1")
        screen = pane.waitFor("(j/N)")
        #expect(screen.contains("Achtung: Der Abgleich fand keinen Textbaustein"), "\(screen)")
        #expect(screen.contains("An: "), "\(screen)")
        pane.press("n")
        pane.waitFor("Nicht gesendet.")
        #expect(try workspace.state(of: ids[0]) == "open")
        Self.waitForPromptAfter("Nicht gesendet.", in: pane)
        pane.press("q")
        pane.waitFor("[[ENDE 0]]")
        #expect(try workspace.state(of: ids[0]) == "open")
    }

    @Test("q, end of input, Ctrl-C, SIGTERM and SIGHUP release the claim and restore the terminal", arguments: ["q", "C-d", "C-c", "TERM", "HUP"])
    func leaving(how: String) throws {
        let workspace = try Workspace()
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: "Wann wird der Sperrmüll abgeholt?")])
        let pane = try TmuxPane(try Self.command(workspace, ["review", "--as", "anna"]), width: 100)
        pane.waitFor("Taste:")
        let claimed = try workspace.run(["queue", "--json"], as: "ben")
        #expect(try claimed.jsonLines().first?["claimedBy"] as? String == "anna", "\(claimed)")
        switch how {
        case "TERM", "HUP":
            let shell = try #require(pane.shellPID())
            let review = try #require(TmuxPane.children(of: shell).first, "review process not found")
            kill(review, how == "TERM" ? SIGTERM : SIGHUP)
        default:
            pane.press(how)
        }
        let screen = pane.waitFor("[[ENDE")
        #expect(!screen.contains("[[ENDE 0]]") || ["q", "C-d"].contains(how), "\(screen)")
        if !["q", "C-d"].contains(how) { #expect(screen.contains("Reservierung von #\(ids[0]) aufgehoben."), "\(screen)") }
        let queue = try workspace.run(["queue", "--json"], as: "ben")
        #expect(try queue.jsonLines().first?["claimedBy"] == nil, "still claimed after \(how): \(queue)")
        let settings = try Self.settings(workspace, pane: pane)
        #expect(settings.contains(" icanon") && settings.contains(" echo "), "terminal left in key mode after \(how): \(settings)")
    }

    @Test("at 60 columns every line fits and words are never split")
    func sixtyColumns() throws {
        let workspace = try Workspace()
        let text =
            "Sehr geehrte Damen und Herren, ich möchte wissen, wann der Sperrmüll in der Friedrich-Ebert-Straße abgeholt wird "
            + "und ob ich die Abholung vorher anmelden muss oder ob die Stadtverwaltung das automatisch freigeben kann 😊."
        let ids = try workspace.intake([Workspace.message(id: "fb-1", text: text)])
        let pane = try TmuxPane(try Self.command(workspace, ["show", String(ids[0])]), width: 60)
        let screen = pane.waitFor("[[ENDE 0]]")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 60, "too wide: \(line)") }
        let words = Set(lines.flatMap { $0.split(separator: " ").map(String.init) })
        for word in text.split(separator: " ") where word.count < 40 {
            #expect(words.contains(String(word)), "'\(word)' was split across lines:\n\(screen)")
        }
    }
    @Test("at 60 columns the review screen and the send preview fit, words stay whole and a percentage stays with its number")
    func sixtyColumnsReview() throws {
        let workspace = try Workspace()
        // A press inquiry: its reply goes to the press office first, and the preview says so in a line wider than 60.
        _ = try workspace.intake([Workspace.message(id: "fb-1", text: "Redaktion hier: wann wird der Sperrmüll abgeholt?")])
        let pane = try TmuxPane(try Self.command(workspace, ["review", "--as", "anna"]), width: 60)
        pane.waitFor("Taste:")
        pane.press("1")
        let screen = pane.waitFor("(j/N)")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 60, "too wide: \(line)") }
        #expect(!lines.contains { $0.hasPrefix("%") }, "a percentage sign without its number:\n\(screen)")
        #expect(screen.contains("Freigabe durch die Pressestelle"), "\(screen)")
        #expect(screen.contains("Postausgang."), "\(screen)")
        pane.press("n")
        // Keys typed ahead are discarded before each prompt: wait for it.
        pane.waitFor("Nicht gesendet.")
        Self.waitForPromptAfter("Nicht gesendet.", in: pane)
        pane.press("q")
        pane.waitFor("[[ENDE 0]]")
    }

    /// Waits until the screen shows the next key prompt below `text`: keys typed before it are discarded (under a loaded
    /// CI run a `q` sent right after "Nicht gesendet." once arrived while the item was redrawn, and the test timed out).
    static func waitForPromptAfter(_ text: String, in pane: TmuxPane, sourceLocation: SourceLocation = #_sourceLocation) {
        pane.waitFor("the prompt after '\(text)'", sourceLocation: sourceLocation) { screen in
            screen.components(separatedBy: text).last?.contains("Taste:") == true
        }
    }
}
