/// One row of the audit trail: who did what to which item, and the exact text involved.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var seq: Int64 = 0
    public var at: String
    public var actor: String
    public var role: String
    public var itemID: Int64?
    public var action: String
    public var fromState: String?
    public var toState: String?
    public var snippetID: String?
    public var snippetVersion: Int?
    /// The exact reply text at this step.
    public var text: String?
    /// The reply's word diff from the snippet it was built on.
    public var diff: String?
    public var note: String?
    /// SHA-256 of the citizen's message, so that the trail stays verifiable after retention removed the text.
    public var textHash: String?
    public var prevHash: String = ""
    public var hash: String = ""

    public init(
        at: String, actor: String, role: String, itemID: Int64?, action: String, fromState: String? = nil,
        toState: String? = nil, snippetID: String? = nil, snippetVersion: Int? = nil, text: String? = nil,
        diff: String? = nil, note: String? = nil, textHash: String? = nil
    ) {
        self.at = at
        self.actor = actor
        self.role = role
        self.itemID = itemID
        self.action = action
        self.fromState = fromState
        self.toState = toState
        self.snippetID = snippetID
        self.snippetVersion = snippetVersion
        self.text = text
        self.diff = diff
        self.note = note
        self.textHash = textHash
    }

    /// The hash that chains this row to the previous one: every field, length-prefixed so that no two
    /// different rows can produce the same input.
    func computeHash() -> String {
        let fields: [String?] = [
            String(seq), at, actor, role, itemID.map { String($0) }, action, fromState, toState, snippetID,
            snippetVersion.map { String($0) }, text, diff, note, textHash, prevHash,
        ]
        let input = fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|")
        return SHA256.hex(of: input)
    }
}
