import Foundation

/// Reads people's answers: single keys at a terminal (key mode), whole lines from a pipe, so that the same loop
/// works for a person and for a script or test feeding standard input.
struct Prompt {
    var terminal = Terminal.standard
    let interactive = Terminal.inputIsTerminal

    /// The line that separates the text to send from Baustein's hints in the editor; it and all below is removed.
    static let scissors = "# ------------------------ >8 ------------------------"

    /// Asks for one choice; returns nil at the end of input (Ctrl-D). Keys typed ahead, or a terminal's answer to a
    /// query hidden in a message, are discarded first, so only a key pressed after the question counts.
    func key(_ question: String) -> Character? {
        guard interactive else {
            print(question, terminator: " ")
            fflush(nil)
            guard let line = readLine() else { return nil }
            print("")
            return line.trimmingCharacters(in: .whitespaces).lowercased().first ?? " "
        }
        let byte: UInt8? = TerminalSession.shared.withKeyMode {
            // Discarded before the question appears, not after: a key pressed as soon as it is visible counts.
            TerminalSession.discardPendingInput()
            print(question, terminator: " ")
            fflush(nil)
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                // An escape sequence is no choice: an arrow key, or a terminal's answer to a query in the text
                // that arrived after the discard above. It and the rest of it are dropped, and the wait goes on.
                if count == 1, byte == 0x1B {
                    usleep(30_000)
                    TerminalSession.discardPendingInput()
                    continue
                }
                if count == 1 { return byte }
                if count < 0, errno == EINTR { continue }
                return nil
            }
        }
        guard let byte, byte != 4 else {
            print("")
            return nil
        }
        // Enter reads as a space-like "no choice"; the rest of a multi-byte key is discarded by the next read.
        let character = byte == 10 || byte == 13 ? Character(" ") : Character(Unicode.Scalar(byte))
        print(character)
        return Character(character.lowercased())
    }

    /// Asks a yes/no question; only `j` (or `y`) means yes.
    func confirm(_ question: String) -> Bool {
        guard let answer = key(question + " (j/N)") else { return false }
        return answer == "j" || answer == "y"
    }

    /// Asks for one line of text; nil at the end of input.
    func line(_ question: String) -> String? {
        print(question, terminator: " ")
        fflush(nil)
        let answer = readLine()
        if !interactive { print("") }
        return answer?.trimmingCharacters(in: .whitespaces)
    }

    /// Lets the person change a text: in their editor at a terminal, otherwise inline. `hints` are shown below a
    /// scissors line in the editor (and removed afterwards). Returns nil when the person leaves the text empty.
    func text(initial: String, hints: [String] = []) throws -> String? {
        if interactive, let editor = ExternalEditor.find() {
            var draft = initial.hasSuffix("\n") ? initial : initial + "\n"
            if !hints.isEmpty {
                draft += "\n" + Self.scissors + "\n" + hints.map { "# " + $0 }.joined(separator: "\n") + "\n"
                draft += "# Alles ab der Schnittlinie wird entfernt. Leerer Text: nichts geschieht.\n"
            }
            let edited = try editor.edit(draft)
            let kept = edited.components(separatedBy: "\n").prefix { $0 != Self.scissors }.joined(separator: "\n")
            let text = kept.trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        return InlineEditor(terminal: terminal).edit(initial, hints: hints)
    }
}
