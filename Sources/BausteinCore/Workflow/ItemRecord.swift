import GRDB

/// An item with its message, as one workflow operation reads and writes it.
struct ItemRecord: Sendable {
    var id: Int64
    var state: ReviewState
    var revision: Int
    var flags: [String]
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

    static let selection = """
        SELECT item.*, message.channel, message.author, message.text, message.textHash
        FROM item JOIN message ON message.id = item.id
        """

    /// Placeholder values the message supplies (the author's name), overridden by what staff give.
    func values(_ given: [String: String]) -> [String: String] {
        ReplyRenderer.values(forAuthor: author).merging(given) { _, explicit in explicit }
    }

    static func fetch(_ db: Database, id: Int64) throws -> ItemRecord {
        guard let row = try Row.fetchOne(db, sql: selection + " WHERE item.id = ?", arguments: [id]) else {
            throw ReviewError.unknownItem(id)
        }
        return try ItemRecord(row: row)
    }

    /// - Throws: `DatabaseError` for a state this version does not know (a database of a newer Baustein): acting on it
    ///   as if it were open could send a reply twice or reopen a closed case.
    init(row: Row) throws {
        id = row["id"]
        let stored: String = row["state"]
        guard let state = ReviewState(rawValue: stored) else {
            let shown = String(String.UnicodeScalarView(stored.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == "-" }.prefix(40)))
            throw DatabaseError(
                message: "Anfrage #\(id) hat den unbekannten Zustand '\(shown)': die Datenbank stammt von einer neueren "
                    + "Baustein-Version. Diese Version verwenden; bis dahin wird an der Anfrage nichts geändert.")
        }
        self.state = state
        revision = row["revision"]
        flags = Self.flags(row["flags"])
        department = row["department"]
        note = row["note"]
        snippetID = row["snippetId"]
        snippetVersion = row["snippetVersion"]
        replyText = row["replyText"]
        replyEdited = row["replyEdited"]
        preparedBy = row["preparedBy"]
        claimedBy = row["claimedBy"]
        claimExpiresAt = row["claimExpiresAt"]
        deliveryAttempts = row["deliveryAttempts"]
        deliveryError = row["deliveryError"]
        dismissal = (row["dismissal"] as String?).flatMap(DismissalKind.init(rawValue:))
        editRatio = row["editRatio"]
        channel = row["channel"]
        author = row["author"]
        text = row["text"]
        textHash = row["textHash"]
    }

    /// The escalation categories as stored: comma-separated.
    static func flags(_ stored: String) -> [String] {
        stored.split(separator: ",").map(String.init)
    }

    /// Another person's claim that has not expired at `now`, if there is one.
    func claim(blocking person: TeamMember, at now: String) -> (holder: String, until: String)? {
        guard let holder = claimedBy, holder.lowercased() != person.name.lowercased(), let until = claimExpiresAt, until > now
        else { return nil }
        return (holder, until)
    }

    /// Writes the workflow fields back, only if nobody changed the item since it was read (compare-and-set).
    func save(_ db: Database, expectedRevision: Int, at: String) throws {
        try db.execute(
            sql: """
                UPDATE item SET state = ?, revision = revision + 1, department = ?, note = ?, snippetId = ?,
                    snippetVersion = ?, replyText = ?, replyEdited = ?, preparedBy = ?, claimedBy = ?, claimExpiresAt = ?,
                    deliveryAttempts = ?, deliveryError = ?, dismissal = ?, editRatio = ?, updatedAt = ?
                WHERE id = ? AND revision = ?
                """,
            arguments: [
                state.rawValue, department, note, snippetID, snippetVersion, replyText, replyEdited, preparedBy, claimedBy,
                claimExpiresAt, deliveryAttempts, deliveryError, dismissal?.rawValue, editRatio, at, id, expectedRevision,
            ])
        guard db.changesCount == 1 else { throw ReviewError.changedMeanwhile(item: id, state: state) }
    }
}
