/// What a team member may do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Answers citizens with approved snippets: confirm, edit, escalate, forward, dismiss.
    case staff
    /// A specialist in a department (Fachbereich): drafts answers to items forwarded to that department.
    case department
    /// The press office (Pressestelle): approves, returns or rewrites replies, and may do what staff do.
    case press
    /// Runs the installation: delivery, audit; no say over reply content.
    case admin

    /// The stages in which this role may act.
    public var stages: Set<ReviewStage> {
        switch self {
        // Staff answer; handing replies to delivery is for the press office and admins.
        case .staff: return [.staff]
        case .department: return [.department]
        case .press: return [.staff, .press, .delivery]
        case .admin: return [.delivery]
        }
    }

    public var label: String {
        switch self {
        case .staff: return "Sachbearbeitung"
        case .department: return "Fachbereich"
        case .press: return "Pressestelle"
        case .admin: return "Administration"
        }
    }
}

/// A person on the team, as listed in `baustein.yaml`.
public struct TeamMember: Sendable, Hashable, Codable {
    public var name: String
    public var role: Role
    /// The department of a `department` member (and optionally of others, for information).
    public var department: String?
    /// The operating-system account that acts as this member on the command line (`unix_user:`), checked against the
    /// real uid of the calling process.
    public var unixUser: String?
    /// How this person was established for the current command when it was not simply themselves: an admin acting
    /// for another member is `unix:<os user>`. Recorded in every audit row the command writes; never configured.
    public var via: String?

    public init(name: String, role: Role, department: String? = nil, unixUser: String? = nil) {
        self.name = name
        self.role = role
        self.department = department
        self.unixUser = unixUser
    }

    /// The actor that intake and delivery record in the audit trail.
    public static func system(_ name: String) -> TeamMember { TeamMember(name: name, role: .admin) }

    /// Whether this person may take `action` on an item in `state` assigned to `department`.
    public func may(_ action: ReviewAction, in state: ReviewState, itemDepartment: String?) -> Bool {
        guard role.stages.contains(state.stage) else { return false }
        if state.stage == .department { return department != nil && department == itemDepartment }
        return true
    }
}
