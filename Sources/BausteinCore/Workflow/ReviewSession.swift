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

extension Workflow {
    /// The longest time at the screen one look at an item adds to the service report: a forgotten terminal is no work.
    public static let handlingCap: TimeInterval = 30 * 60

    /// The session facts for `person`.
    public func session(for person: TeamMember) -> ReviewSession {
        ReviewSession(
            member: person, departments: configuration.departments.keys.sorted(), confirmSend: configuration.review.confirmSend,
            claimSeconds: configuration.rules.claimSeconds)
    }

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
