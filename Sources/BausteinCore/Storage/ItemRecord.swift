import GRDB

/// An item with its message, as one workflow operation reads and writes it.
///
/// Read as a GRDB record from the item joined with its message; written back with ``save(_:expectedRevision:at:)``,
/// which changes only the workflow fields and only if nobody changed the item meanwhile.
struct ItemRecord: Sendable, Decodable, FetchableRecord, TableRecord {
    static let databaseTableName = "item"

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

    private enum CodingKeys: String, CodingKey {
        case id, state, revision, department, note, snippetVersion, replyText, replyEdited, preparedBy, claimedBy
        case claimExpiresAt, deliveryAttempts, deliveryError, dismissal, editRatio, channel, author, text, textHash
        case storedFlags = "flags"
        case snippetID = "snippetId"
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
    /// - Throws: ``ReviewError/unknownItem(_:)``; `DatabaseError` for a state this version does not know (a database of
    ///   a newer Baustein): acting on it as if it were open could send a reply twice or reopen a closed case.
    static func fetch(_ db: Database, id: Int64) throws -> ItemRecord {
        guard let row = try Row.fetchOne(db, sql: selection + " WHERE item.id = ?", arguments: [id]) else {
            throw ReviewError.unknownItem(id)
        }
        do {
            return try ItemRecord(row: row)
        } catch {
            let stored: String = try row.decode(forColumn: "state")
            guard ReviewState(rawValue: stored) == nil else { throw error }
            let shown = String(String.UnicodeScalarView(stored.unicodeScalars.filter { $0.properties.isAlphabetic || $0 == "-" }.prefix(40)))
            throw DatabaseError(
                message: "Anfrage #\(id) hat den unbekannten Zustand '\(shown)': die Datenbank stammt von einer neueren "
                    + "Baustein-Version. Diese Version verwenden; bis dahin wird an der Anfrage nichts geändert.")
        }
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
    ///
    /// - Throws: ``ReviewError/changedMeanwhile(item:state:)`` when the revision moved on.
    func save(_ db: Database, expectedRevision: Int, at: String) throws {
        let changed = try ItemRecord.filter(key: id).filter(Column("revision") == expectedRevision).updateAll(
            db,
            Column("state").set(to: state), Column("revision").set(to: Column("revision") + 1),
            Column("department").set(to: department), Column("note").set(to: note),
            Column(CodingKeys.snippetID).set(to: snippetID), Column("snippetVersion").set(to: snippetVersion),
            Column("replyText").set(to: replyText), Column("replyEdited").set(to: replyEdited),
            Column("preparedBy").set(to: preparedBy), Column("claimedBy").set(to: claimedBy),
            Column("claimExpiresAt").set(to: claimExpiresAt), Column("deliveryAttempts").set(to: deliveryAttempts),
            Column("deliveryError").set(to: deliveryError), Column("dismissal").set(to: dismissal),
            Column("editRatio").set(to: editRatio), Column("updatedAt").set(to: at))
        guard changed == 1 else { throw ReviewError.changedMeanwhile(item: id, state: state) }
    }
}
