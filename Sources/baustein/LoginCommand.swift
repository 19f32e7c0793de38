import ArgumentParser
import BausteinClient
import BausteinCore
import Foundation

/// `baustein login URL`: client mode for a staff member's own PC. The personal token is checked against the server
/// and stored for this account only; from then on `review`, `approvals`, `queue`, `show` and every item action run on
/// that server, as the token's team member.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract:
            "Meldet diesen Rechner bei einem Baustein-Server an (Client-Modus): review, approvals, queue, show und alle Aktionen laufen dann dort.",
        discussion: """
            Das persönliche Token (auf dem Server: baustein token new NAME) wird abgefragt, ohne es anzuzeigen, oder aus \
            --token-file bzw. BAUSTEIN_TOKEN gelesen, nie als Argument. Gespeichert wird es nur für dieses Benutzerkonto \
            ($XDG_CONFIG_HOME/baustein/login.json bzw. ~/.config/baustein/login.json, Rechte 600). Unverschlüsseltes http \
            nur zu 127.0.0.1/localhost. Abmelden: baustein logout. Ohne Datei: BAUSTEIN_SERVER und BAUSTEIN_TOKEN setzen.
            """)

    @Argument(help: "Serveradresse, z. B. https://baustein.musterstadt.example (entfällt mit --status).")
    var server: String?

    @Option(name: .long, help: "Das Token aus dieser Datei lesen, statt danach zu fragen.")
    var tokenFile: String?

    @Flag(name: .long, help: "Zeigen, wo und als wer dieses Benutzerkonto angemeldet ist.")
    var status = false

    func run() throws {
        try reportingErrors {
            let store = LoginStore()
            if status {
                guard let login = try store.current() else {
                    print("Nicht angemeldet: Befehle arbeiten auf der Datenbank dieses Rechners. Anmelden: baustein login ADRESSE")
                    return
                }
                let session = try APIClient(login: login).session()
                print("Angemeldet bei \(login.server.absoluteString) als \(session.member.name) (\(session.member.role.label)).")
                return
            }
            guard let server else { throw UserError("Serveradresse fehlt: baustein login https://… (oder --status).") }
            let login = try ServerLogin(server: server, token: try readToken())
            let session = try APIClient(login: login).session()
            try store.save(login)
            print("Angemeldet bei \(login.server.absoluteString) als \(session.member.name) (\(session.member.role.label)).")
            print("Token gespeichert in \(store.file.path) (nur für Sie lesbar). Weiter: baustein queue · baustein review")
            if ProcessInfo.processInfo.environment["BAUSTEIN_SERVER"].map({ !$0.isEmpty }) == true {
                printError("Hinweis: BAUSTEIN_SERVER ist gesetzt und gilt vor der gespeicherten Anmeldung.")
            }
        }
    }

    /// The token from `--token-file`, `BAUSTEIN_TOKEN`, or typed without echo (one line from a pipe).
    private func readToken() throws -> String {
        if let tokenFile { return try readTextFile(tokenFile) }
        if let token = ProcessInfo.processInfo.environment["BAUSTEIN_TOKEN"], !token.isEmpty { return token }
        guard Terminal.inputIsTerminal else {
            guard let line = readLine() else { throw UserError("Kein Token auf der Standardeingabe; --token-file DATEI angeben.") }
            return line
        }
        // Ctrl-C while typing restores the terminal (echo on) before the process ends.
        TerminalSession.shared.install()
        var original = termios()
        let hidden = tcgetattr(STDIN_FILENO, &original) == 0
        if hidden {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        }
        Swift.print("Token (wird nicht angezeigt): ", terminator: "")
        fflush(nil)
        let line = readLine()
        if hidden { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        Swift.print("")
        guard let line else { throw UserError("Abgebrochen: kein Token eingegeben.") }
        return line
    }
}

/// `baustein logout`: forgets this account's stored login; commands work on this machine's database again.
struct LogoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Meldet diesen Rechner vom Baustein-Server ab (löscht das gespeicherte Token).")

    func run() throws {
        try reportingErrors {
            let store = LoginStore()
            if try store.remove() {
                print("Abgemeldet; \(store.file.path) gelöscht. Das Token selbst gilt am Server weiter, bis es aus baustein.yaml entfernt wird.")
            } else {
                print("Nicht angemeldet (keine \(store.file.path)).")
            }
        }
    }
}
