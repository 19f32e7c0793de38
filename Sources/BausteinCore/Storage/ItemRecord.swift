/// An item with its message, as one workflow operation reads and writes it.
///
/// Read from the item joined with its message; written back with ``save(_:expectedRevision:at:)``, which changes only
/// the workflow fields and only if nobody changed the item meanwhile.
struct ItemRecord: Sendable {
    var id: Int64
    var state: ReviewState
    var revision: Int
    /// The escalation categories as stored: comma-separated.
    private var storedFlags: String
    var department: String?
    var note: String?
    var snippetID: String?
    var snippetVersion: Int?
    var replyText: String?
    var replyEdited: Bool
    var preparedBy: String?
    var claimedBy: String?
    var claimExpiresAt: String?
    var deliveryAttempts: Int
    var deliveryError: String?
    var dismissal: DismissalKind?
    /// Share of words changed against the snippet (1 for a free text); nil for an unchanged snippet.
    var editRatio: Double?
    var channel: String
    var author: String?
    var text: String
    var textHash: String

    /// Reads the item's columns; throws ``SQLValueError`` for a value this version cannot read (an unknown state).
    init(row: SQLRow) throws {
        id = try row["id"]
        state = try row["state"]
        revision = try row["revision"]
        storedFlags = try row["flags"]
        department = try row["department"]
        note = try row["note"]
        snippetID = try row["snippetId"]
        snippetVersion = try row["snippetVersion"]
        replyText = try row["replyText"]
        replyEdited = try row["replyEdited"]
        preparedBy = try row["preparedBy"]
        claimedBy = try row["claimedBy"]
        claimExpiresAt = try row["claimExpiresAt"]
        deliveryAttempts = try row["deliveryAttempts"]
        deliveryError = try row["deliveryError"]
        dismissal = try row["dismissal"]
        editRatio = try row["editRatio"]
        channel = try row["channel"]
        author = try row["author"]
        text = try row["text"]
        textHash = try row["textHash"]
    }

    private static let selection = """
        SELECT item.*, message.channel, message.author, message.text, message.textHash
        FROM item JOIN message ON message.id = item.id
        """

    /// The escalation categories of the message.
    var flags: [String] { Self.flags(storedFlags) }

    /// Placeholder values the message supplies (the author's name), overridden by what staff give.
    func values(_ given: [String: String]) -> [String: String] {
        ReplyRenderer.values(forAuthor: author).merging(given) { _, explicit in explicit }
    }

    /// The item and its message.
    ///
    /// - Throws: ``ReviewError/unknownItem(_:)``; ``StoredStateError`` for a state this version does not know (a
    ///   database of a newer Baustein): acting on it as if it were open could send a reply twice or reopen a closed case.
    static func fetch(_ db: any SQLSession, id: Int64) throws -> ItemRecord {
        guard let row = try db.row(selection + " WHERE item.id = ?", [id]) else {
            throw ReviewError.unknownItem(id)
        }
        do {
            return try ItemRecord(row: row)
        } catch {
            let stored: String = try row["state"]
            guard ReviewState(rawValue: stored) == nil else { throw error }
            throw StoredStateError(item: id, stored: stored)
        }
    }

    /// The escalation categories as stored: comma-separated, those flagged by meaning (``EscalationSense``) marked with
    /// a leading `~`; every category counts the same for the workflow.
    static func flags(_ stored: String) -> [String] {
        stored.split(separator: ",").map { $0.hasPrefix(meaningMark) ? String($0.dropFirst()) : String($0) }
    }

    /// The categories the message's words hit (set at intake), without those flagged by meaning.
    static func wordFlags(_ stored: String) -> [String] {
        stored.split(separator: ",").filter { !$0.hasPrefix(meaningMark) }.map(String.init)
    }

    /// The categories flagged by meaning only.
    static func meaningFlags(_ stored: String) -> [String] {
        stored.split(separator: ",").filter { $0.hasPrefix(meaningMark) }.map { String($0.dropFirst()) }
    }

    /// How a flag set by meaning is stored: `~presse`.
    static let meaningMark = "~"

    /// The stored form of the words' flags and those added by meaning.
    static func storedFlags(words: [String], meaning: [String]) -> String {
        (words + meaning.map { meaningMark + $0 }).joined(separator: ",")
    }

    /// Another person's claim that has not expired at `now`, if there is one.
    func claim(blocking person: TeamMember, at now: String) -> (holder: String, until: String)? {
        guard let holder = claimedBy, holder.lowercased() != person.name.lowercased(), let until = claimExpiresAt, until > now
        else { return nil }
        return (holder, until)
    }

    /// Writes the workflow fields back, only if nobody changed the item since it was read (compare-and-set).
    ///
    /// - Throws: ``ReviewError/changedMeanwhile(item:state:)`` when the revision moved on.
    func save(_ db: any SQLSession, expectedRevision: Int, at: String) throws {
        let changed = try db.execute(
            """
            UPDATE item SET state = ?, revision = revision + 1, department = ?, note = ?, snippetId = ?, snippetVersion = ?,
                replyText = ?, replyEdited = ?, preparedBy = ?, claimedBy = ?, claimExpiresAt = ?, deliveryAttempts = ?,
                deliveryError = ?, dismissal = ?, editRatio = ?, updatedAt = ?
            WHERE id = ? AND revision = ?
            """,
            [
                state, department, note, snippetID, snippetVersion, replyText, replyEdited, preparedBy, claimedBy, claimExpiresAt,
                deliveryAttempts, deliveryError, dismissal, editRatio, at, id, expectedRevision,
            ])
        guard changed == 1 else { throw ReviewError.changedMeanwhile(item: id, state: state) }
    }
}

/// An item whose stored state this version does not know: the database was written by a newer Baustein.
struct StoredStateError: Error, CustomStringConvertible {
    var item: Int64
    /// The stored state, as read (shown filtered: it is not ours to trust).
    var stored: String

    var description: String {
        let shown = String(String.UnicodeScalarView(stored.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == "-" }.prefix(40)))
        return "Anfrage #\(item) hat den unbekannten Zustand '\(shown)': die Datenbank stammt von einer neueren "
            + "Baustein-Version. Diese Version verwenden; bis dahin wird an der Anfrage nichts geändert."
    }
}
