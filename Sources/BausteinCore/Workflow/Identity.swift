/// How the command line establishes who acts (`identity:` in `baustein.yaml`).
public enum IdentityMode: String, Sendable, Hashable, Codable {
    /// Each team member is mapped to an operating-system account (`unix_user:`); a command acts as the member of the
    /// account that runs it (the real uid), and `--as` may name only that member, or anyone for an admin.
    case unix
    /// Anyone may act as anyone with `--as` or `BAUSTEIN_USER`: for tests and demonstrations only; every command warns.
    case trustCLI = "trust-cli"
}

/// The operating-system account that runs a command, as the kernel reports it (the real uid and its name).
public struct LocalCaller: Sendable, Hashable {
    public var uid: UInt32
    public var userName: String

    public init(uid: UInt32, userName: String) {
        self.uid = uid
        self.userName = userName
    }
}

/// Why the command line does not know who acts; nothing was done.
public enum IdentityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `baustein.yaml` neither maps anyone to a system account nor says `identity: trust-cli`.
    case undeclared(configuration: String)
    /// The calling account is not mapped to a team member.
    case unmapped(user: String, configuration: String)
    /// A member who is not an admin tried to act as someone else.
    case impersonation(user: String, member: String, requested: String)
    /// The command needs a person, and none was named (trust-cli).
    case nobody(known: [String])

    public var description: String {
        switch self {
        case .undeclared(let file):
            return "\(file) sagt nicht, wie Personen erkannt werden: jedem Teammitglied 'unix_user: <Systembenutzer>' geben "
                + "(empfohlen) oder ausdrücklich 'identity: trust-cli' setzen (jede:r darf dann als jede Person handeln; nur für Tests)."
        case .unmapped(let user, let file):
            return "Systembenutzer '\(user)' ist keinem Teammitglied zugeordnet; in \(file) bei der Person 'unix_user: \(user)' eintragen "
                + "oder als zugeordneter Benutzer arbeiten."
        case .impersonation(let user, let member, let requested):
            return "Systembenutzer '\(user)' handelt als \(member) und darf nicht als '\(requested)' handeln; nur die Rolle admin darf --as für andere verwenden."
        case .nobody(let known):
            return "Wer handelt? Mit --as NAME oder BAUSTEIN_USER angeben (Team: \(known.isEmpty ? "leer" : known.joined(separator: ", ")))."
        }
    }
}

extension WorkflowConfiguration {
    /// The identity mode in force: the declared one, else `unix` as soon as anyone is mapped to a system account.
    public var identityMode: IdentityMode? {
        identity ?? (team.contains { $0.unixUser != nil } ? .unix : nil)
    }

    /// The team member a local command acts as.
    ///
    /// - Parameters:
    ///   - requested: `--as` or `BAUSTEIN_USER`, if given.
    ///   - caller: the account running the command.
    ///   - required: whether the command needs a person; with trust-cli and no name it then fails, otherwise it acts
    ///     as nobody in particular (an unscoped read, as before identities existed).
    ///   - file: the configuration's path, for messages.
    /// - Returns: the member (with ``TeamMember/via`` set when an admin acts for someone else), or nil.
    /// - Throws: ``IdentityError``, or ``ReviewError`` for an unknown name.
    public func localActor(requested: String?, caller: LocalCaller, required: Bool, file: String) throws -> TeamMember? {
        guard !team.isEmpty else {
            if required { throw ReviewError.noTeam }
            return nil
        }
        let requested = requested?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        switch identityMode {
        case nil:
            throw IdentityError.undeclared(configuration: file)
        case .trustCLI:
            guard let requested else {
                if required { throw IdentityError.nobody(known: team.map(\.name)) }
                return nil
            }
            guard let member = member(named: requested) else { throw ReviewError.unknownPerson(requested, known: team.map(\.name)) }
            return member
        case .unix:
            guard let own = team.first(where: { $0.unixUser == caller.userName }) else {
                throw IdentityError.unmapped(user: caller.userName, configuration: file)
            }
            guard let requested, requested.lowercased() != own.name.lowercased() else { return own }
            guard own.role == .admin else {
                throw IdentityError.impersonation(user: caller.userName, member: own.name, requested: requested)
            }
            guard var other = member(named: requested) else { throw ReviewError.unknownPerson(requested, known: team.map(\.name)) }
            other.via = "unix:\(caller.userName)"
            return other
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
