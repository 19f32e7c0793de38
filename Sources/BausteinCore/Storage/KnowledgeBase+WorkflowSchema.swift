import GRDB

extension KnowledgeBase {
    /// Tables for everything that happens to citizen messages: the messages themselves, their review items,
    /// the matcher's suggestions at intake time, and the hash-chained audit trail.
    ///
    /// Sync never touches these tables. Message text lives only in `message`, so that retention can remove it
    /// while the audit rows keep a hash of it.
    static func registerWorkflowMigrations(_ migrator: inout DatabaseMigrator) {
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
            try EmbeddingCache.createTable(db)
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
    }
}
