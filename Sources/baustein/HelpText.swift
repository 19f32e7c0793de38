import ArgumentParser
import Foundation

/// One language per `--help` page: the texts of Baustein's commands are German, and so are the headings and fixed
/// phrases that the argument parser adds around them (`OVERVIEW`, `(default: …)`, `Show help information.`).
extension Baustein {
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            guard !message.isEmpty else { exit(withError: error) }
            let german = HelpText.german(message)
            if code == .success {
                Swift.print(german)
            } else {
                FileHandle.standardError.write(Data((german + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
    }
}

enum HelpText {
    /// The argument parser's fixed English phrases and their German forms, in the order they are replaced.
    static let phrases: [(String, String)] = [
        ("OVERVIEW: ", "ÜBERSICHT: "),
        ("USAGE: ", "AUFRUF: "),
        ("ARGUMENTS:\n", "ARGUMENTE:\n"),
        ("OPTIONS:\n", "OPTIONEN:\n"),
        ("SUBCOMMANDS:\n", "BEFEHLE:\n"),
        ("Show help information.", "Zeigt diese Hilfe."),
        ("(default as flag:", "(Standard als Schalter:"),
        ("(default:", "(Standard:"),
        (" (default) ", " (Standard) "),
        ("; default:", "; Standard:"),
        ("(values:", "(Werte:"),
        ("Please provide one of the following:", "Erlaubt sind:"),
        ("Did you mean", "Meinten Sie"),
        ("for detailed help.", "für die Hilfe zu einem Befehl."),
        ("Error: ", "Fehler: "),
        ("Usage: ", "Aufruf: "),
        ("Help:  ", "Hilfe: "),
        ("for more information.", "für mehr Hilfe."),
        ("Missing expected argument", "Es fehlt das Argument"),
        ("Unknown option", "Unbekannte Option"),
        ("Unexpected argument", "Unerwartetes Argument"),
        ("The value", "Der Wert"),
        ("is invalid for", "ist ungültig für"),
    ]

    static func german(_ message: String) -> String {
        var text = message
        for (english, german) in phrases { text = text.replacingOccurrences(of: english, with: german) }
        return text.replacingOccurrences(of: "See '", with: "Siehe '")
    }
}
