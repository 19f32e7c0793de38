import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files whose content decides who may do what: the configuration (team, rules), the knowledge folder (facts that
/// fill replies, escalation triggers), the database and the audit key. Under `identity: unix` they must belong to the
/// service account (the owner of the database) or root and be writable by nobody else, so that no member can bring
/// their own team, rules or facts (`--config own.yaml`) or change the database behind the workflow's back.
public struct DeploymentCheck: Sendable {
    public var configuration: String
    public var database: String
    public var knowledge: String
    public var auditKey: String?

    public init(configuration: String, database: String, knowledge: String, auditKey: String?) {
        self.configuration = configuration
        self.database = database
        self.knowledge = knowledge
        self.auditKey = auditKey
    }

    /// Every problem found; empty when the files are safe.
    public func problems() -> [DeploymentProblem] {
        // The service account is whoever owns the database; a database that does not exist yet is created by the caller.
        let service = Self.status(database)?.owner ?? geteuid()
        let serviceName = Self.userName(service)
        var problems: [DeploymentProblem] = []
        func require(_ given: String, ownedByService: Bool, forbidden mode: mode_t, fix: String) {
            // Absolute, so that the printed command works from any folder.
            let path = URL(fileURLWithPath: given).standardizedFileURL.path
            guard let status = Self.status(path) else { return }
            if ownedByService, status.owner != service, status.owner != 0 {
                problems.append(DeploymentProblem(file: path, issue: .owner(Self.userName(status.owner), expected: serviceName), fix: "chown \(serviceName) \(path)"))
            }
            if status.mode & mode != 0 { problems.append(DeploymentProblem(file: path, issue: .permissions(status.mode & 0o777), fix: "chmod \(fix) \(path)")) }
        }
        let directory = URL(fileURLWithPath: database).deletingLastPathComponent().path
        require(directory, ownedByService: false, forbidden: 0o002, fix: "o-w")
        for path in [database, database + "-wal", database + "-shm"] { require(path, ownedByService: true, forbidden: 0o002, fix: "o-w") }
        require(configuration, ownedByService: true, forbidden: 0o022, fix: "go-w")
        require(knowledge, ownedByService: true, forbidden: 0o022, fix: "go-w")
        for file in ["authority.yaml", "escalation.txt", "synonyms.txt"] {
            require(URL(fileURLWithPath: knowledge).appendingPathComponent(file).path, ownedByService: true, forbidden: 0o022, fix: "go-w")
        }
        if let auditKey { require(auditKey, ownedByService: true, forbidden: 0o027, fix: "g-w,o-rwx") }
        return problems
    }

    static func status(_ path: String) -> (owner: uid_t, mode: mode_t)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_uid, info.st_mode)
    }

    /// The account's name, or its number when it has none.
    public static func userName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return String(uid) }
        return String(cString: name)
    }
}

/// One unsafe file and the command that fixes it.
public struct DeploymentProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Issue: Sendable, Hashable {
        case owner(String, expected: String)
        case permissions(mode_t)
    }

    public var file: String
    public var issue: Issue
    public var fix: String

    public var description: String {
        switch issue {
        case .owner(let owner, let expected):
            let allowed = expected == "root" ? "root (Besitzer der Datenbank)" : "dem Dienstkonto \(expected) (Besitzer der Datenbank) oder root"
            return "\(file) gehört \(owner), nicht \(allowed): \(fix)"
        case .permissions(let mode):
            return "\(file) ist für andere beschreib- oder lesbar (Rechte \(String(mode, radix: 8))): \(fix)"
        }
    }
}

/// Baustein refuses to act on unsafe files (under `identity: unix`).
public struct DeploymentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problems: [DeploymentProblem]

    public init(problems: [DeploymentProblem]) {
        self.problems = problems
    }

    public var description: String {
        "Unsichere Dateien, nichts wurde getan (identity: unix verlangt, dass nur das Dienstkonto sie ändern kann):\n"
            + problems.map { "  " + $0.description }.joined(separator: "\n")
    }
}
