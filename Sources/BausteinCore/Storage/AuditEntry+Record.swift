import GRDB

/// An audit row as a GRDB record: every field is a column of `audit` (the table spells `itemId` and `snippetId`, which
/// SQLite and GRDB match case-insensitively), the action, role and states by their raw text.
///
/// A row whose action, role or state this version does not know (a database of a newer Baustein) throws on reading.
extension AuditEntry: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"
}
