/// In which role an audit row's actor acted: a team member's ``Role``, or the system itself (intake, retention).
///
/// Stored by its raw text, the same as ``Role``'s for team members, so that the hashes over old rows still verify.
public enum AuditRole: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case staff, department, press, admin
    /// Baustein itself: intake stores a message on nobody's behalf.
    case system

    /// The role of a team member.
    public init(_ role: Role) {
        switch role {
        case .staff: self = .staff
        case .department: self = .department
        case .press: self = .press
        case .admin: self = .admin
        }
    }

    public var description: String { rawValue }
}
