import GRDB

/// Every table of the database and how it got there: one list of migrations in the order they were introduced, for
/// SQLite and PostgreSQL alike.
///
/// Each step names the tables the servers share (``Step/shared``: snippets and their versions, learned phrasings,
/// outcomes, the workflow) apart from those each process keeps for matching (``Step/local``: the analysed text, the
/// full-text index, sentence vectors). A SQLite file runs both parts (it is the whole database); a shared PostgreSQL
/// database runs the shared part (``DatabaseSchema/migrateShared(_:)``), spelt for it (``SQLDialect/ddl(_:)``), and
/// each server's index file runs both. The identifiers are recorded in each database (`grdb_migrations` in SQLite,
/// `schema_migration` in PostgreSQL); they never change, and a new table or column is a new step at the end.
enum DatabaseSchema {
    /// One migration: what it adds to the shared tables and to the process's own index, in SQLite's spelling.
    struct Step: Sendable {
        let id: String
        let shared: String
        let local: String

        init(_ id: String, shared: String = "", local: String = "") {
            self.id = id
            self.shared = shared
            self.local = local
        }
    }

    /// The migrations of the knowledge base (snippets, versions, learned phrasings, full-text index) and of the
    /// workflow (messages, items, suggestions, audit, outcomes, delivery, undo).
    ///
    /// Sync never touches the workflow tables. Message text lives only in `message`, so that retention can remove it
    /// while the audit rows keep a hash of it.
    static let steps: [Step] = [
        Step(
            "v1-knowledge",
            shared: """
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
                """,
            local: """
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
                """),
        // Tables for everything that happens to citizen messages: the messages themselves, their review items,
        // the matcher's suggestions at intake time, and the hash-chained audit trail.
        Step(
            "v2-workflow",
            shared: """
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
                """),
        // What the press office's reports need beyond the workflow itself.
        Step(
            "v3-insight",
            shared: """
                ALTER TABLE item ADD COLUMN dismissal TEXT;
                ALTER TABLE item ADD COLUMN editRatio REAL;
                ALTER TABLE item ADD COLUMN handlingSeconds REAL NOT NULL DEFAULT 0;
                CREATE INDEX message_received ON message(receivedAt);
                CREATE INDEX audit_action ON audit(action, itemId);
                """),
        // Whether the first suggestion was the snippet staff confirmed: each base's confidence learns from it
        // (``ConfidenceRecalibration``). Numbers only, no text: retention has nothing to remove here.
        Step(
            "v4-confidence-outcomes",
            shared: """
                ALTER TABLE suggestion ADD COLUMN modelConfidence REAL;
                CREATE TABLE confidence_outcome (
                    id INTEGER PRIMARY KEY,
                    confidence REAL NOT NULL,
                    correct INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                );
                """),
        // Sentence vectors of the meaning channel, by model and text digest (``EmbeddingCache``).
        Step("v5-embeddings", local: embeddingTable),
        // Which shown suggestions staff chose and which they passed over: the matcher learns which parts of the base
        // (owners, tags) staff take when they are suggested (``GroupPreference``). Snippet ids only, no text.
        Step(
            "v6-ranking-outcomes",
            shared: """
                CREATE TABLE ranking_outcome (
                    id INTEGER PRIMARY KEY,
                    snippetId TEXT NOT NULL,
                    chosen INTEGER NOT NULL,
                    origin TEXT NOT NULL,
                    createdAt TEXT NOT NULL
                );
                """),
        // Who established the actor when it was not the person themselves (an admin acting for a member).
        Step("v7-security-audit-via", shared: "ALTER TABLE audit ADD COLUMN via TEXT"),
        // Who posts a queued reply, and until when: one taker per reply across services and servers (a lease), and the
        // earliest next attempt after a failure. Which intake path stored a message: idempotency keys are per path, so
        // that one path cannot pre-claim another's message ids.
        Step(
            "v7-security-delivery-lease-and-source",
            shared: """
                ALTER TABLE item ADD COLUMN deliveryLeaseBy TEXT;
                ALTER TABLE item ADD COLUMN deliveryLeaseUntil TEXT;
                ALTER TABLE message ADD COLUMN source TEXT NOT NULL DEFAULT '';
                DROP INDEX message_external;
                CREATE UNIQUE INDEX message_external ON message(source, channel, externalId) WHERE externalId IS NOT NULL;
                """),
        // Which message a learned phrasing was taken from, so that a citizen's erasure request removes it too.
        Step("v7-security-learned-source", shared: "ALTER TABLE learned_phrasing ADD COLUMN itemId INTEGER"),
        // Native delivery: what the platform needs to answer in place (visibility, message kind, Message-ID), when an
        // attempt started (an attempt without an outcome after a crash may have posted), and what the platform answered.
        Step(
            "v7-delivery-platforms",
            shared: """
                ALTER TABLE message ADD COLUMN context TEXT;
                ALTER TABLE item ADD COLUMN deliveryStartedAt TEXT;
                ALTER TABLE item ADD COLUMN platformPostId TEXT;
                ALTER TABLE item ADD COLUMN platformPostUrl TEXT;
                """),
        // The item as it was before its last action, so that a person can take that action back until the reply goes to
        // delivery (``UndoPoint``). One row per item; retention removes it with the item's texts.
        Step(
            "v8-review-undo",
            shared: """
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
                """),
        // The first suggestion with the learned evidence and by the snippets' own text, per matched item, and whether
        // each was the confirmed snippet: the learned evidence ranks only once it has won on the base's own
        // confirmations (``LearningCheck``). Snippet ids and flags only, no text.
        Step(
            "v9-learning-check",
            shared: """
                ALTER TABLE item ADD COLUMN firstLearned TEXT;
                ALTER TABLE item ADD COLUMN firstUnlearned TEXT;
                ALTER TABLE confidence_outcome ADD COLUMN learnedCorrect INTEGER;
                ALTER TABLE confidence_outcome ADD COLUMN unlearnedCorrect INTEGER;
                """),
        // Whether the matcher abstained on the outcome's question: the confidence scaling learns what an abstained first
        // suggestion is worth on this base (``ConfidenceRecalibration``). Older outcomes count as not abstained.
        Step(
            "v10-outcome-abstained",
            shared: """
                ALTER TABLE confidence_outcome ADD COLUMN abstained INTEGER;
                """),
        // How likely the matched question was about the base (the domain gate's confidence) and what the matcher ranked
        // by, per item and per outcome of a reply built on a snippet: the base learns its own abstention bar from the
        // questions it answered (``DomainThreshold``). Numbers and a model id only, no text.
        Step(
            "v11-outcome-domain",
            shared: """
                ALTER TABLE item ADD COLUMN domainConfidence REAL;
                ALTER TABLE item ADD COLUMN ranking TEXT;
                ALTER TABLE confidence_outcome ADD COLUMN domainConfidence REAL;
                ALTER TABLE confidence_outcome ADD COLUMN ranking TEXT;
                """),
    ]

    /// The SQLite migrator: every step, both parts, in order.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for step in steps {
            migrator.registerMigration(step.id) { db in
                for part in [step.shared, step.local] where !part.isEmpty { try db.execute(sql: part) }
            }
        }
        return migrator
    }

    /// The sentence vectors of the meaning channel (``EmbeddingCache``), in the knowledge base or a cache file of its own.
    static let embeddingTable = """
        CREATE TABLE IF NOT EXISTS embedding (
            model TEXT NOT NULL,
            digest TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, digest)
        ) WITHOUT ROWID
        """

    /// Creates the sentence vectors' table where it is missing (a cache file of its own).
    static func createEmbeddingTable(_ db: Database) throws {
        try db.execute(sql: embeddingTable)
    }
}
