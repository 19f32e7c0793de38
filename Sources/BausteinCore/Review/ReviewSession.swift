import Foundation

/// What a person's review screens need to know about their session, the same whether they run on the server's own
/// machine or as a client of `baustein serve` (`GET /api/me`).
public struct ReviewSession: Sendable, Hashable, Codable {
    /// The member the session acts as.
    public var member: TeamMember
    /// Department ids that staff can forward to.
    public var departments: [String]
    /// Whether choosing a suggestion asks for a confirming key first (`review.confirm_send`).
    public var confirmSend: Bool
    /// How long a claim holds an item for one person.
    public var claimSeconds: TimeInterval

    public init(member: TeamMember, departments: [String], confirmSend: Bool, claimSeconds: TimeInterval) {
        self.member = member
        self.departments = departments
        self.confirmSend = confirmSend
        self.claimSeconds = claimSeconds
    }
}

/// The two interactive review screens.
public enum ReviewScreen: String, Sendable, Hashable, Codable {
    /// `baustein review`: staff answer, departments draft.
    case review
    /// `baustein approvals`: the press office approves, returns or rewrites.
    case approvals
}

extension ReviewSession {
    /// The states the member's `screen` works through, in the order people meet them.
    ///
    /// - Throws: ``ReviewError/screenNotForRole(person:role:screen:)`` when the role has no such screen.
    public func states(for screen: ReviewScreen) throws(ReviewError) -> [ReviewState] {
        switch (screen, member.role) {
        case (.review, .department): return [.forwarded]
        case (.review, .staff), (.review, .press): return [.open, .returned]
        case (.approvals, .press): return ReviewQueue.defaultStates(for: .press)
        case (.review, .admin), (.approvals, _): throw .screenNotForRole(person: member.name, role: member.role, screen: screen)
        }
    }
}

extension ReviewService {
    /// The session facts for `person`.
    public func session(for person: TeamMember) -> ReviewSession {
        ReviewSession(
            member: person, departments: configuration.departments.keys.sorted(), confirmSend: configuration.review.confirmSend,
            claimSeconds: configuration.rules.claimSeconds)
    }
}

extension ReviewQueue {
    /// One item's queue line as `person` may see it: a department member only what was forwarded to their department.
    ///
    /// - Throws: ``ReviewError/otherDepartment(person:department:)`` for an item of another department.
    public func entry(_ id: Int64, for person: TeamMember) throws -> QueueEntry {
        let entry = try entry(id)
        if person.role == .department, entry.department != person.department {
            throw ReviewError.otherDepartment(person: person.name, department: entry.department)
        }
        return entry
    }
}
