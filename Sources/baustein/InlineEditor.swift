import Foundation

/// Changes a text line by line where no editor can run (a pipe, a script, no editor installed): the text is shown
/// with line numbers and changed by short commands, so nothing has to be typed again.
///
/// Commands: `.` send the text as shown · `N text` replace line N · `N` (alone) delete line N ·
/// `+ text` add a line at the end · `s/old/new/` replace the first occurrence · `neu` type the whole text anew,
/// ended by a line with only `.` · an empty line cancels.
struct InlineEditor {
    var terminal: Terminal

    func edit(_ initial: String, hints: [String]) -> String? {
        var lines = initial.components(separatedBy: "\n")
        for hint in hints { print(terminal.style(hint, .yellow)) }
        while true {
            show(lines)
            print(terminal.wrap("'.' übernehmen · 'N Text' Zeile N ersetzen · 'N' Zeile N löschen · '+ Text' anhängen · 's/alt/neu/' ersetzen · 'neu' alles neu · leer: abbrechen"))
            print(">", terminator: " ")
            fflush(nil)
            guard let command = readLine() else { return nil }
            if !Terminal.inputIsTerminal { print("") }
            let trimmed = command.trimmingCharacters(in: .whitespaces)
            switch Self.apply(trimmed, to: &lines) {
            case .done:
                let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            case .cancel:
                print("Abgebrochen.")
                return nil
            case .retype:
                print("Neuer Text; Ende mit einer Zeile, die nur '.' enthält:")
                var typed: [String] = []
                while let line = readLine(), line != "." { typed.append(line) }
                lines = typed
            case .changed:
                continue
            case .unknown:
                print(terminal.style("Unbekannter Befehl '\(trimmed)'.", .yellow))
            }
        }
    }

    enum Outcome: Equatable { case done, cancel, retype, changed, unknown }

    /// Applies one command to the lines.
    static func apply(_ command: String, to lines: inout [String]) -> Outcome {
        if command.isEmpty { return .cancel }
        if command == "." { return .done }
        if command.lowercased() == "neu" { return .retype }
        if command.hasPrefix("+") {
            lines.append(String(command.dropFirst()).trimmingCharacters(in: .whitespaces))
            return .changed
        }
        if command.hasPrefix("s/") {
            let parts = command.dropFirst(2).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { return .unknown }
            let old = String(parts[0])
            var new = String(parts[1])
            if new.hasSuffix("/") { new.removeLast() }
            var text = lines.joined(separator: "\n")
            guard let range = text.range(of: old) else { return .unknown }
            text.replaceSubrange(range, with: new)
            lines = text.components(separatedBy: "\n")
            return .changed
        }
        let parts = command.split(separator: " ", maxSplits: 1)
        if let number = Int(parts[0]), lines.indices.contains(number - 1) {
            if parts.count == 2 { lines[number - 1] = String(parts[1]) } else { lines.remove(at: number - 1) }
            return .changed
        }
        return .unknown
    }

    private func show(_ lines: [String]) {
        let width = String(lines.count).count
        for (index, line) in lines.enumerated() {
            let number = String(index + 1)
            let label = String(repeating: " ", count: width - number.count) + number
            let wrapped = Terminal.wrap(SafeText.visible(line), width: terminal.width, indent: width + 3)
            print(terminal.style(label, .dim) + " │ " + wrapped.dropFirst(width + 3))
        }
    }
}
