/// A problem in `baustein.yaml`, with the line the admin has to fix.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case unreadable(String)
        case invalidYAML(String)
        case notAMapping(section: String)
        case unknownField(section: String, field: String, allowed: [String])
        case missingField(section: String, field: String)
        case wrongType(field: String, expected: String)
        case unknownRole(String)
        case duplicateMember(String)
        case departmentMissing(member: String)
        case unknownDepartment(member: String, department: String)
        case invalidChannelName(String)
        case invalidDuration(field: String, value: String)
        case duplicateUnixUser(String, first: String)
        case unknownIdentityMode(String)
    }

    public var file: String
    public var line: Int
    public var reason: Reason

    public var description: String { "\(file):\(line): \(message)" }

    public var message: String {
        switch reason {
        case .unreadable(let detail):
            return "Konfiguration nicht lesbar (\(detail)); Datei prüfen oder mit --config eine andere angeben."
        case .invalidYAML(let problem):
            return "YAML-Fehler: \(problem)."
        case .notAMapping(let section):
            return "'\(section)' muss aus Feldern 'name: wert' bestehen."
        case .unknownField(let section, let field, let allowed):
            return "Unbekanntes Feld '\(field)' in '\(section)'. Erlaubt: \(allowed.joined(separator: ", "))."
        case .missingField(let section, let field):
            return "In '\(section)' fehlt das Feld '\(field)'."
        case .wrongType(let field, let expected):
            return "'\(field)' muss \(expected) sein."
        case .unknownRole(let role):
            return "Unbekannte Rolle '\(role)'. Erlaubt: \(Role.allCases.map(\.rawValue).joined(separator: ", "))."
        case .duplicateMember(let name):
            return "'\(name)' steht zweimal im Team; Namen müssen eindeutig sein."
        case .departmentMissing(let member):
            return "'\(member)' hat die Rolle department, aber kein Feld 'department'."
        case .unknownDepartment(let member, let department):
            return "'\(member)': Fachbereich '\(department)' steht nicht unter 'departments'."
        case .invalidChannelName(let name):
            return "Ungültiger Kanalname '\(name)': nur Kleinbuchstaben a-z, Ziffern und '-'."
        case .invalidDuration(let field, let value):
            return "'\(field)': '\(value)' ist keine Dauer; z. B. 15m, 24h oder 90d angeben."
        case .duplicateUnixUser(let user, let first):
            return "Systembenutzer '\(user)' ist schon \(first) zugeordnet; jeder Systembenutzer handelt als genau eine Person."
        case .unknownIdentityMode(let value):
            return "identity: '\(value)' gibt es nicht. Erlaubt: unix (Personen über unix_user: zuordnen) oder trust-cli (jede:r darf mit --as jede Person angeben; nur für Tests und Vorführungen)."
        }
    }
}
