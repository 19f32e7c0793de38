import Foundation

/// The secret that seals the audit chain: every row's hash is an HMAC-SHA256 under this key, so whoever can write the
/// database file but does not hold the key cannot rewrite rows and recompute the chain.
///
/// The key lives outside the database: in a file (64 hex characters, `openssl rand -hex 32`) or in the environment
/// variable `BAUSTEIN_AUDIT_KEY`. The database only records the key's id, so that a wrong key is reported as such.
///
/// ```swift
/// let key = try AuditKey.resolve(environment: ProcessInfo.processInfo.environment, file: "/etc/baustein/audit.key",
///                                chainKeyID: knowledgeBase.auditKeyID())
/// ```
public struct AuditKey: Sendable {
    /// Raw key bytes (at least 32).
    let bytes: [UInt8]
    /// A short public fingerprint of the key (not the key): recorded in the database and shown in `audit anchor`.
    public let id: String

    public static let minimumBytes = 32
    /// The environment variable that may hold the key itself (hex), taking precedence over any file.
    public static let environmentVariable = "BAUSTEIN_AUDIT_KEY"
    /// The environment variable that names the key file.
    public static let fileVariable = "BAUSTEIN_AUDIT_KEY_FILE"

    /// A key from its hex text.
    ///
    /// - Throws: ``AuditKeyError/invalid(source:)`` unless the text is at least 64 hex characters.
    public init(hex text: String, source: String) throws(AuditKeyError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(trimmed), bytes.count >= Self.minimumBytes else { throw .invalid(source: source) }
        self.bytes = bytes
        id = String(Hashing.hmacHex(key: bytes, message: Array("baustein audit key id".utf8)).prefix(16))
    }

    /// The key a deployment uses: `BAUSTEIN_AUDIT_KEY`, else the file. A missing file is created (with a new random key,
    /// mode 0600) only while the chain has never been sealed; once it has, the key that sealed it is required.
    ///
    /// - Parameters:
    ///   - file: the key file (`BAUSTEIN_AUDIT_KEY_FILE`, `audit.key_file` in `baustein.yaml`, or the default next to
    ///     the database).
    ///   - chainKeyID: the id recorded in the database (nil while the chain is not sealed yet).
    ///   - random: the source of a new key's bytes.
    /// - Returns: the key, and whether it was created just now (the caller tells the admin to back it up).
    public static func resolve(
        environment: [String: String], file: String, chainKeyID: String?,
        random: () -> [UInt8] = { (0..<minimumBytes).map { _ in UInt8.random(in: .min ... .max) } }
    ) throws(AuditKeyError) -> (key: AuditKey, created: Bool) {
        if let text = environment[environmentVariable], !text.isEmpty {
            return (try AuditKey(hex: text, source: environmentVariable), false)
        }
        if FileManager.default.fileExists(atPath: file) {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw .unreadable(file: file)
            }
            return (try AuditKey(hex: text, source: file), false)
        }
        if let chainKeyID { throw .missing(file: file, keyID: chainKeyID) }
        let key = try AuditKey(hex: Hex.encode(random()), source: file)
        try write(key, to: file)
        return (key, true)
    }

    /// Writes a new key file readable by its owner only, refusing to replace an existing one.
    static func write(_ key: AuditKey, to file: String) throws(AuditKeyError) {
        let url = URL(fileURLWithPath: file)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(file: file, reason: error.localizedDescription)
        }
        // O_EXCL: two processes starting at once must not both write a key; the second one reads the first one's.
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw .cannotCreate(file: file, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let text = Array((Hex.encode(key.bytes) + "\n").utf8)
        let written = text.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(descriptor) == 0 else {
            unlink(file)
            throw .cannotCreate(file: file, reason: String(cString: strerror(errno)))
        }
    }
}

/// Why the audit key cannot be used; nothing was written.
public enum AuditKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(source: String)
    case unreadable(file: String)
    case missing(file: String, keyID: String)
    case cannotCreate(file: String, reason: String)
    /// The chain was sealed with another key.
    case wrongKey(expected: String, given: String)
    /// The chain is sealed, but no key was given.
    case keyRequired(keyID: String)
    /// The chain has rows but was never sealed; an admin seals it once with `baustein audit seal`.
    case unsealed(rows: Int)
    case alreadySealed(keyID: String)

    public var description: String {
        switch self {
        case .invalid(let source):
            return "Protokollschlüssel aus \(source) ist ungültig: erwartet werden mindestens 64 Hex-Zeichen (erzeugen mit 'openssl rand -hex 32')."
        case .unreadable(let file):
            return "Protokollschlüssel \(file) ist nicht lesbar; Rechte prüfen (der Dienstbenutzer muss ihn lesen können)."
        case .missing(let file, let keyID):
            return "Protokollschlüssel \(file) fehlt, das Protokoll ist aber mit Schlüssel \(keyID) versiegelt. "
                + "Den gesicherten Schlüssel dort wiederherstellen oder BAUSTEIN_AUDIT_KEY_FILE auf ihn setzen; ohne ihn wird nichts geschrieben."
        case .cannotCreate(let file, let reason):
            return "Protokollschlüssel \(file) lässt sich nicht anlegen (\(reason)). Verzeichnis und Rechte prüfen oder BAUSTEIN_AUDIT_KEY_FILE setzen."
        case .wrongKey(let expected, let given):
            return "Falscher Protokollschlüssel: das Protokoll ist mit Schlüssel \(expected) versiegelt, angegeben ist \(given). "
                + "BAUSTEIN_AUDIT_KEY_FILE auf den richtigen Schlüssel setzen; nichts wurde geschrieben."
        case .keyRequired(let keyID):
            return "Das Protokoll ist mit Schlüssel \(keyID) versiegelt; ohne ihn lässt es sich weder fortschreiben noch prüfen. "
                + "BAUSTEIN_AUDIT_KEY_FILE oder BAUSTEIN_AUDIT_KEY setzen."
        case .unsealed(let rows):
            return "Das Protokoll (\(rows) Zeilen) ist noch nicht mit einem Schlüssel versiegelt; bis dahin wird nichts geschrieben. "
                + "Einmal als admin 'baustein audit seal' ausführen (prüft das Protokoll und versiegelt es)."
        case .alreadySealed(let keyID):
            return "Das Protokoll ist bereits mit Schlüssel \(keyID) versiegelt; nichts zu tun."
        }
    }
}
