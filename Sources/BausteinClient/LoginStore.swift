import Foundation

/// Where `baustein login` keeps the server address and personal token: `$XDG_CONFIG_HOME/baustein/login.json` (else
/// `~/.config/baustein/login.json`), a file only its owner can read, like an SSH key. `BAUSTEIN_SERVER` with
/// `BAUSTEIN_TOKEN` (or `BAUSTEIN_TOKEN_FILE`) take its place for scripts and containers.
public struct LoginStore: Sendable {
    public let file: URL
    let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : nil }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        file = base.appendingPathComponent("baustein").appendingPathComponent("login.json")
    }

    /// The login this process uses: from the environment, else from the file; nil when there is none (local mode).
    public func current() throws(ClientError) -> ServerLogin? {
        if let server = value("BAUSTEIN_SERVER") {
            if let token = value("BAUSTEIN_TOKEN") { return try ServerLogin(server: server, token: token) }
            guard let path = value("BAUSTEIN_TOKEN_FILE") else {
                throw .invalidLogin("BAUSTEIN_SERVER ist gesetzt, aber kein Token: BAUSTEIN_TOKEN oder BAUSTEIN_TOKEN_FILE setzen.")
            }
            return try ServerLogin(server: server, token: try Self.readPrivate(URL(fileURLWithPath: path)))
        }
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let data = Data(try Self.readPrivate(file).utf8)
        guard let stored = try? JSONDecoder().decode(ServerLogin.self, from: data) else {
            throw .loginFile("\(file.path) ist beschädigt; neu anmelden: baustein logout, dann baustein login ADRESSE")
        }
        // Checked again: a file edited by hand must not send the token over plain http.
        return try ServerLogin(server: stored.server.absoluteString, token: stored.token)
    }

    /// Stores `login` for this account: the folder 0700, the file 0600, written whole or not at all.
    public func save(_ login: ServerLogin) throws(ClientError) {
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .loginFile("Ordner \(folder.path) lässt sich nicht anlegen: \(error.localizedDescription)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(login)) ?? Data()
        let temporary = folder.appendingPathComponent(".login-\(UUID().uuidString).json")
        // Created with 0600 from the first byte: there is no moment in which others could read the token.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .loginFile("\(temporary.path) lässt sich nicht schreiben (\(String(cString: strerror(errno)))).") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw .loginFile("\(file.path) ließ sich nicht vollständig schreiben; nichts wurde gespeichert.")
        }
    }

    /// Forgets the stored login; true when there was one.
    @discardableResult
    public func remove() throws(ClientError) -> Bool {
        guard FileManager.default.fileExists(atPath: file.path) else { return false }
        guard unlink(file.path) == 0 else { throw .loginFile("\(file.path) lässt sich nicht löschen (\(String(cString: strerror(errno)))).") }
        return true
    }

    private func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A file with a secret: it must belong to this account and be readable by nobody else.
    static func readPrivate(_ url: URL) throws(ClientError) -> String {
        var status = stat()
        guard stat(url.path, &status) == 0 else { throw .loginFile("\(url.path) ist nicht lesbar (\(String(cString: strerror(errno)))).") }
        guard status.st_uid == getuid() else {
            throw .loginFile("\(url.path) gehört nicht diesem Benutzerkonto; eigene Anmeldung anlegen: baustein login ADRESSE")
        }
        guard status.st_mode & 0o077 == 0 else {
            throw .loginFile("\(url.path) ist für andere lesbar; das Token darf nur Ihnen gehören: chmod 600 \(url.path)")
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw .loginFile("\(url.path) ist nicht lesbar oder kein UTF-8-Text.")
        }
        return text
    }
}
