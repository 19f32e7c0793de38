import Foundation
import Yams

/// Typed reads from `baustein.yaml` nodes, each failure a ``ConfigurationError`` with its line.
struct ConfigurationReader {
    var file: String

    /// Yams marks are already 1-based (unlike the snippet front matter, baustein.yaml starts at the file's first line).
    func line(of node: Node) -> Int { node.mark?.line ?? 1 }

    func fail(_ node: Node, _ reason: ConfigurationError.Reason) -> ConfigurationError {
        ConfigurationError(file: file, line: line(of: node), reason: reason)
    }

    /// A mapping's keys and values; with `allowed`, any other key is an error.
    func mapping(_ node: Node, section: String, allowed: [String]?) throws -> [(String, Node)] {
        guard let mapping = node.mapping else { throw fail(node, .notAMapping(section: section)) }
        return try mapping.map { key, value in
            let name = key.string ?? ""
            if let allowed, !allowed.contains(name) {
                throw fail(key, .unknownField(section: section, field: name, allowed: allowed))
            }
            return (name, value)
        }
    }

    func fields(_ node: Node, section: String, allowed: [String]?) throws -> [String: Node] {
        let pairs = try mapping(node, section: section, allowed: allowed)
        return Dictionary(pairs, uniquingKeysWith: { first, _ in first })
    }

    func string(_ node: Node, field: String) throws -> String {
        guard let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(node, .wrongType(field: field, expected: "ein nicht leerer Text"))
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    func bool(_ node: Node, field: String) throws -> Bool {
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "ja", "on": return true
        case "false", "no", "nein", "off": return false
        default: throw fail(node, .wrongType(field: field, expected: "true oder false"))
        }
    }

    func positiveInt(_ node: Node, field: String) throws -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }), value > 0 else {
            throw fail(node, .wrongType(field: field, expected: "eine positive ganze Zahl"))
        }
        return value
    }

    /// `30s`, `15m`, `24h`, `90d` in seconds.
    func duration(_ node: Node, field: String) throws -> TimeInterval {
        let text = node.scalar?.string ?? ""
        guard let seconds = Self.duration(text) else { throw fail(node, .invalidDuration(field: field, value: text)) }
        return seconds
    }

    /// Parses `30s`, `15m`, `24h`, `90d`, `2w`; nil for anything else.
    static func duration(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = trimmed.last, let count = Int(trimmed.dropLast()), count > 0 else { return nil }
        switch unit {
        case "s": return TimeInterval(count)
        case "m": return TimeInterval(count) * 60
        case "h": return TimeInterval(count) * 3600
        case "d": return TimeInterval(count) * 86_400
        case "w": return TimeInterval(count) * 7 * 86_400
        default: return nil
        }
    }

    func team(_ node: Node, departments: [String: String]) throws -> [TeamMember] {
        guard let sequence = node.sequence else {
            throw fail(node, .wrongType(field: "team", expected: "eine Liste von Personen (- name: …, role: …)"))
        }
        var members: [TeamMember] = []
        for entry in sequence {
            let fields = try self.fields(entry, section: "team", allowed: ["name", "role", "department", "unix_user"])
            guard let nameNode = fields["name"] else { throw fail(entry, .missingField(section: "team", field: "name")) }
            guard let roleNode = fields["role"] else { throw fail(entry, .missingField(section: "team", field: "role")) }
            let name = try string(nameNode, field: "team.name")
            let roleName = try string(roleNode, field: "team.role")
            guard let role = Role(rawValue: roleName) else { throw fail(roleNode, .unknownRole(roleName)) }
            let department = try fields["department"].map { try string($0, field: "team.department") }
            if role == .department, department == nil { throw fail(entry, .departmentMissing(member: name)) }
            if let department, departments[department] == nil {
                throw fail(fields["department"]!, .unknownDepartment(member: name, department: department))
            }
            if members.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw fail(nameNode, .duplicateMember(name))
            }
            let unixUser = try fields["unix_user"].map { try string($0, field: "team.unix_user") }
            if let unixUser, let other = members.first(where: { $0.unixUser == unixUser }) {
                throw fail(fields["unix_user"]!, .duplicateUnixUser(unixUser, first: other.name))
            }
            members.append(TeamMember(name: name, role: role, department: department, unixUser: unixUser))
        }
        return members
    }
}
