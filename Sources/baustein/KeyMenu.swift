/// The keys a screen offers: printed as the menu, and named when a person presses a key that does nothing.
struct KeyMenu {
    struct Binding {
        /// How the key is shown ("1-3", "b").
        var shown: String
        var label: String
        /// The characters that choose it.
        var keys: Set<Character>
    }

    var bindings: [Binding]

    init(_ bindings: [(shown: String, label: String)]) {
        self.bindings = bindings.map { binding in
            let keys: Set<Character> =
                binding.shown.contains("-") && binding.shown.count == 3
                ? Set((Int(String(binding.shown.first!))!...Int(String(binding.shown.last!))!).map { Character(String($0)) })
                : [Character(binding.shown)]
            return Binding(shown: binding.shown, label: binding.label, keys: keys)
        }
    }

    func contains(_ key: Character) -> Bool { bindings.contains { $0.keys.contains(key) } }

    /// The menu, wrapped to the terminal's width, ending in "Taste:".
    func prompt(_ terminal: Terminal) -> String {
        let entries = bindings.map { "\($0.shown) \($0.label)" } + ["? Hilfe", "Taste:"]
        var lines: [String] = []
        var line = ""
        for entry in entries {
            let candidate = line.isEmpty ? entry : line + " · " + entry
            if Terminal.displayWidth(candidate) > terminal.width - 2, !line.isEmpty {
                lines.append(line)
                line = entry
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.map { terminal.style($0, .bold) }.joined(separator: "\n")
    }

    /// What to say for a key that does nothing here.
    func unknown(_ key: Character) -> String {
        let shown = key == " " ? "Leertaste/Enter" : "'\(key)'"
        return "Unbekannte Taste \(shown). Möglich: " + bindings.map { "\($0.shown) (\($0.label))" }.joined(separator: ", ") + "."
    }
}
