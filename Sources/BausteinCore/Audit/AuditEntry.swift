/// One row of the audit trail: who did what to which item, and the exact text involved.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var seq: Int64 = 0
    public var at: String
    public var actor: String
    public var role: AuditRole
    public var itemID: Int64?
    public var action: AuditAction
    public var fromState: ReviewState?
    public var toState: ReviewState?
    public var snippetID: String?
    public var snippetVersion: Int?
    /// The exact reply text at this step.
    public var text: String?
    /// The reply's word diff from the snippet it was built on.
    public var diff: String?
    public var note: String?
    /// SHA-256 of the citizen's message (on the intake row), so that the message can be matched to the trail
    /// after retention removed its text.
    public var messageHash: String?
    /// SHA-256 of `text`, `diff` and `note`: the chain covers these digests, so retention can remove the texts
    /// (which may name the citizen) and the chain still verifies.
    public var textDigest: String?
    public var diffDigest: String?
    public var noteDigest: String?
    /// How the actor was established when it is not simply the person themselves: an admin acting for another
    /// member with `--as` is recorded as `unix:<os user>`. Nil for everyone acting as themselves.
    public var via: String?
    public var prevHash: String = ""
    public var hash: String = ""

    public init(
        at: String, actor: String, role: AuditRole, itemID: Int64?, action: AuditAction, fromState: ReviewState? = nil,
        toState: ReviewState? = nil, snippetID: String? = nil, snippetVersion: Int? = nil, text: String? = nil,
        diff: String? = nil, note: String? = nil, messageHash: String? = nil, via: String? = nil
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
        self.messageHash = messageHash
        self.via = via
        textDigest = text.map { Hashing.sha256Hex(of: $0) }
        diffDigest = diff.map { Hashing.sha256Hex(of: $0) }
        noteDigest = note.map { Hashing.sha256Hex(of: $0) }
    }

    /// The hash that chains this row to the previous one: every field (texts by their digests), length-prefixed
    /// so that no two different rows can produce the same input. Under a key (a sealed chain) it is the HMAC-SHA256,
    /// which nobody without the key can recompute.
    func computeHash(key: [UInt8]?) -> String {
        var fields: [String?] = [
            String(seq), at, actor, role.rawValue, itemID.map { String($0) }, action.rawValue, fromState?.rawValue, toState?.rawValue,
            snippetID,
            snippetVersion.map { String($0) }, textDigest, diffDigest, noteDigest, messageHash, prevHash,
        ]
        // Appended only when present, so that rows written before the field existed keep their hashes.
        if let via { fields.append(via) }
        let input = Array(fields.map { field in field.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|").utf8)
        guard let key else { return Hashing.sha256Hex(of: input) }
        return Hashing.hmacHex(key: key, message: input)
    }

    /// True when every text still present matches its digest (a text removed by retention is fine).
    var textsMatchDigests: Bool {
        func matches(_ value: String?, _ digest: String?) -> Bool {
            guard let value else { return true }
            return digest == Hashing.sha256Hex(of: value)
        }
        return matches(text, textDigest) && matches(diff, diffDigest) && matches(note, noteDigest)
    }
}
