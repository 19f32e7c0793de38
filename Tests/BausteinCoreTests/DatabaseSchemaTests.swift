@testable import BausteinCore
import GRDB
import Testing

/// The schema's migrations: their identifiers are recorded in every database file, so they keep their names and order,
/// and a database written by an earlier version is brought up to date when it is opened.
@Suite("Database schema")
struct DatabaseSchemaTests {
    static let identifiers = [
        "v1-knowledge", "v2-workflow", "v3-insight", "v4-confidence-outcomes", "v5-embeddings", "v6-ranking-outcomes",
        "v7-security-audit-via", "v7-security-delivery-lease-and-source", "v7-security-learned-source", "v7-delivery-platforms",
        "v8-review-undo", "v9-learning-check", "v10-outcome-abstained", "v11-outcome-domain",
    ]

    @Test("the migrations keep their identifiers and their order")
    func identifiers() {
        #expect(DatabaseSchema.migrator.migrations == Self.identifiers)
    }

    @Test("a database of an earlier version gets the missing migrations when it is opened")
    func earlierDatabase() throws {
        let queue = try DatabaseQueue(configuration: KnowledgeBase.configuration())
        try DatabaseSchema.migrator.migrate(queue, upTo: "v7-delivery-platforms")
        #expect(try queue.read { db in try db.tableExists("undo_point") } == false)
        let knowledgeBase = try KnowledgeBase(writer: queue, clock: .system)
        let applied = try knowledgeBase.index.read { db in try DatabaseSchema.migrator.appliedIdentifiers(db) }
        #expect(applied == Set(Self.identifiers))
        #expect(try knowledgeBase.index.read { db in try db.tableExists("undo_point") })
    }
}
