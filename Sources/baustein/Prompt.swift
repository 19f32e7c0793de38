import Foundation

/// Reads people's answers: single keys at a terminal (raw mode), whole lines from a pipe, so that the same loop
/// works for a person and for a script or test feeding standard input.
struct Prompt {
    var terminal = Terminal.standard
    let interactive = Terminal.inputIsTerminal

    /// Asks for one choice; returns nil at the end of input.
    func key(_ question: String) -> Character? {
        print(question, terminator: " ")
        fflush(nil)
        guard interactive else {
            guard let line = readLine() else { return nil }
            print("")
            return line.trimmingCharacters(in: .whitespaces).lowercased().first ?? " "
        }
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        var byte: UInt8 = 0
        guard read(STDIN_FILENO, &byte, 1) == 1, byte != 4 else { return nil }
        let character = Character(Unicode.Scalar(byte))
        print(character)
        return Character(character.lowercased())
    }

    /// Asks for one line of text; nil at the end of input.
    func line(_ question: String) -> String? {
        print(question, terminator: " ")
        fflush(nil)
        let answer = readLine()
        if !interactive { print("") }
        return answer?.trimmingCharacters(in: .whitespaces)
    }

    /// Lets the person write a longer text: in $VISUAL/$EDITOR at a terminal, otherwise inline, ended by a line
    /// with a single ".". Returns nil when the person leaves the text empty.
    func text(initial: String) throws -> String? {
        let environment = ProcessInfo.processInfo.environment
        if interactive, let editor = environment["VISUAL"] ?? environment["EDITOR"], !editor.isEmpty {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("baustein-\(getpid())-\(Int.random(in: 0..<1_000_000)).txt")
            try initial.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", editor + " \"$1\"", "sh", file.path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw UserError("Der Editor (\(editor)) wurde mit Fehler beendet; nichts gespeichert.") }
            let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        if !initial.isEmpty {
            print(terminal.style("Vorlage:", .dim))
            print(terminal.wrap(initial, indent: 2))
        }
        print("Text eingeben; Ende mit einer Zeile, die nur '.' enthält (leer = abbrechen, '=' = Vorlage übernehmen):")
        var lines: [String] = []
        while let line = readLine(), line != "." {
            lines.append(line)
        }
        if lines.count == 1, lines[0].trimmingCharacters(in: .whitespaces) == "=" { return initial }
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
