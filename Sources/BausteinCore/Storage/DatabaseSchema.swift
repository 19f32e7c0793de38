import GRDB

/// Every table of the database and how it got there: one migrator with all migrations in the order they were
/// introduced.
///
/// The migration identifiers are recorded in each database file (`grdb_migrations`); they never change, and a new
/// table or column is a new migration at the end.
enum DatabaseSchema {
    /// The migrations of the knowledge base (snippets, versions, learned phrasings, full-text index) and of the
    /// workflow (messages, items, suggestions, audit, outcomes, delivery, undo).
    ///
    /// Sync never touches the workflow tables. Message text lives only in `message`, so that retention can remove it
    /// while the audit rows keep a hash of it.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-knowledge") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE snippet (
                        docid INTEGER PRIMARY KEY AUTOINCREMENT,
                        id TEXT NOT NULL UNIQUE,
                        version INTEGER NOT NULL,
                        contentHash TEXT NOT NULL,
                        path TEXT NOT NULL,
                        document TEXT NOT NULL,
                        title TEXT NOT NULL,
                        validFrom TEXT,
                        validUntil TEXT,
                        active INTEGER NOT NULL DEFAULT 1,
                        syncedAt TEXT NOT NULL
                    );
                    CREATE TABLE snippet_version (
                        snippetId TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        contentHash TEXT NOT NULL,
                        path TEXT NOT NULL,
                        document TEXT NOT NULL,
                        syncedAt TEXT NOT NULL,
                        retiredAt TEXT,
                        PRIMARY KEY (snippetId, version)
                    );
                    CREATE TABLE learned_phrasing (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        snippetId TEXT NOT NULL,
                        text TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        createdAt TEXT NOT NULL,
                        UNIQUE (snippetId, text)
                    );
                    CREATE TABLE snippet_analysis (
                        docid INTEGER PRIMARY KEY REFERENCES snippet(docid),
                        title TEXT NOT NULL,
                        questions TEXT NOT NULL,
                        learned TEXT NOT NULL,
                        keywords TEXT NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE VIRTUAL TABLE snippet_fts USING fts5(title, questions, learned, keywords, body, tokenize = 'baustein');
                    CREATE VIRTUAL TABLE snippet_vocab USING fts5vocab(snippet_fts, 'row');
                    """)
        }
        // Tables for everything that happens to citizen messages: the messages themselves, their review items,
        // the matcher's suggestions at intake time, and the hash-chained audit trail.
        migrator.registerMigration("v2-workflow") { db in
            try db.execute(
                sql: """
                    CREATE TABLE message (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        channel TEXT NOT NULL,
                        externalId TEXT,
                        author TEXT,
                        text TEXT NOT NULL,
                        textHash TEXT NOT NULL,
                        receivedAt TEXT NOT NULL,
                        storedAt TEXT NOT NULL,
                        isPublic INTEGER NOT NULL,
                        replyTo TEXT,
                        purgedAt TEXT
                    );
                    CREATE UNIQUE INDEX message_external ON message(channel, externalId) WHERE externalId IS NOT NULL;
                    CREATE TABLE item (
                        id INTEGER PRIMARY KEY REFERENCES message(id),
                        state TEXT NOT NULL,
                        revision INTEGER NOT NULL DEFAULT 0,
                        flags TEXT NOT NULL DEFAULT '',
                        matchedAt TEXT,
                        abstained INTEGER NOT NULL DEFAULT 0,
                        department TEXT,
                        note TEXT,
                        snippetId TEXT,
                        snippetVersion INTEGER,
                        replyText TEXT,
                        replyEdited INTEGER NOT NULL DEFAULT 0,
                        preparedBy TEXT,
                        claimedBy TEXT,
                        claimExpiresAt TEXT,
                        updatedAt TEXT NOT NULL,
                        deliveryAttempts INTEGER NOT NULL DEFAULT 0,
                        deliveryError TEXT
                    );
                    CREATE INDEX item_state ON item(state, id);
                    CREATE INDEX item_unmatched ON item(id) WHERE matchedAt IS NULL;
                    CREATE TABLE suggestion (
                        itemId INTEGER NOT NULL REFERENCES item(id),
                        rank INTEGER NOT NULL,
                        snippetId TEXT NOT NULL,
                        snippetVersion INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        confidence REAL NOT NULL,
                        reasons TEXT NOT NULL,
                        PRIMARY KEY (itemId, rank)
                    );
                    CREATE TABLE audit (
                        seq INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        role TEXT NOT NULL,
                        itemId INTEGER,
                        action TEXT NOT NULL,
                        fromState TEXT,
                        toState TEXT,
                        snippetId TEXT,
                        snippetVersion INTEGER,
                        text TEXT,
                        diff TEXT,
                        note TEXT,
                        textDigest TEXT,
                        diffDigest TEXT,
                        noteDigest TEXT,
                        messageHash TEXT,
                        prevHash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_item ON audit(itemId, seq);
                    """)
        }
        // What the press office's reports need beyond the workflow itself.
        migrator.registerMigration("v3-insight") { db in
            try db.execute(
                sql: """
                    ALTER TABLE item ADD COLUMN dismissal TEXT;
                    ALTER TABLE item ADD COLUMN editRatio REAL;
                    ALTER TABLE item ADD COLUMN handlingSeconds REAL NOT NULL DEFAULT 0;
                    CREATE INDEX message_received ON message(receivedAt);
                    CREATE INDEX audit_action ON audit(action, itemId);
                    """)
        }
        // Whether the first suggestion was the snippet staff confirmed: each base's confidence learns from it
        // (``ConfidenceRecalibration``). Numbers only, no text: retention has nothing to remove here.
        migrator.registerMigration("v4-confidence-outcomes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE suggestion ADD COLUMN modelConfidence REAL;
                    CREATE TABLE confidence_outcome (
                        id INTEGER PRIMARY KEY,
                        confidence REAL NOT NULL,
                        correct INTEGER NOT NULL,
                        origin TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    """)
        }
        // Sentence vectors of the meaning channel, by model and text digest (``EmbeddingCache``).
        migrator.registerMigration("v5-embeddings") { db in
            try createEmbeddingTable(db)
        }
        // Which shown suggestions staff chose and which they passed over: the matcher learns which parts of the base
        // (owners, tags) staff take when they are suggested (``GroupPreference``). Snippet ids only, no text.
        migrator.registerMigration("v6-ranking-outcomes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ranking_outcome (
                        id INTEGER PRIMARY KEY,
                        snippetId TEXT NOT NULL,
                        chosen INTEGER NOT NULL,
                        origin TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    """)
        }
        // Who established the actor when it was not the person themselves (an admin acting for a member).
        migrator.registerMigration("v7-security-audit-via") { db in
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN via TEXT")
        }
        // Who posts a queued reply, and until when: one taker per reply across services and servers (a lease), and the
        // earliest next attempt after a failure. Which intake path stored a message: idempotency keys are per path, so
        // that one path cannot pre-claim another's message ids.
        migrator.registerMigration("v7-security-delivery-lease-and-source") { db in
            try db.execute(
                sql: """
                    ALTER TABLE item ADD COLUMN deliveryLeaseBy TEXT;
                    ALTER TABLE item ADD COLUMN deliveryLeaseUntil TEXT;
                    ALTER TABLE message ADD COLUMN source TEXT NOT NULL DEFAULT '';
                    DROP INDEX message_external;
                    CREATE UNIQUE INDEX message_external ON message(source, channel, externalId) WHERE externalId IS NOT NULL;
                    """)
        }
        // Which message a learned phrasing was taken from, so that a citizen's erasure request removes it too.
        migrator.registerMigration("v7-security-learned-source") { db in
            try db.execute(sql: "ALTER TABLE learned_phrasing ADD COLUMN itemId INTEGER")
        }
        // Native delivery: what the platform needs to answer in place (visibility, message kind, Message-ID), when an
        // attempt started (an attempt without an outcome after a crash may have posted), and what the platform answered.
        migrator.registerMigration("v7-delivery-platforms") { db in
            try db.execute(
                sql: """
                    ALTER TABLE message ADD COLUMN context TEXT;
                    ALTER TABLE item ADD COLUMN deliveryStartedAt TEXT;
                    ALTER TABLE item ADD COLUMN platformPostId TEXT;
                    ALTER TABLE item ADD COLUMN platformPostUrl TEXT;
                    """)
        }
        // The item as it was before its last action, so that a person can take that action back until the reply goes to
        // delivery (``UndoPoint``). One row per item; retention removes it with the item's texts.
        migrator.registerMigration("v8-review-undo") { db in
            try db.execute(
                sql: """
                    CREATE TABLE undo_point (
                        itemId INTEGER PRIMARY KEY REFERENCES item(id),
                        action TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        revision INTEGER NOT NULL,
                        fromState TEXT NOT NULL,
                        toState TEXT NOT NULL,
                        snapshot TEXT NOT NULL,
                        taught TEXT NOT NULL,
                        createdAt TEXT NOT NULL
                    );
                    """)
        }
        return migrator
    }

    /// The sentence vectors of the meaning channel (``EmbeddingCache``), in the knowledge base or a cache file of its own.
    static func createEmbeddingTable(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS embedding (
                    model TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (model, digest)
                ) WITHOUT ROWID
                """)
    }
}
