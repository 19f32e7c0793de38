/// The `meta` table: small named values that belong to the database as a whole (the audit chain's head and key, when
/// retention last ran, where each polling intake stands). Each function runs inside the caller's transaction.
extension Store {
    /// The value stored under `key`, or nil.
    static func metaValue(_ db: any SQLSession, key: String) throws -> String? {
        try db.value("SELECT value FROM meta WHERE key = ?", [key])
    }

    /// Stores `value` under `key`, replacing what was there.
    static func setMetaValue(_ db: any SQLSession, key: String, value: String) throws {
        try db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
    }
}
