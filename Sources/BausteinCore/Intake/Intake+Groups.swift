import Foundation
import GRDB

extension Intake {
    /// Stores several independent batches in one transaction, each batch all-or-nothing in its own savepoint.
    ///
    /// This is group commit for the webhook server: many concurrent requests share one commit (one `fsync`)
    /// instead of paying one each, while a batch that fails leaves the others untouched. Every result is known
    /// only after the commit, so a caller may acknowledge its batch as durable as soon as this returns.
    ///
    /// - Returns: per batch, in order, its receipts or the error that refused it (``IntakeError`` for invalid
    ///   messages; nothing of that batch is stored).
    /// - Throws: only when the shared transaction itself cannot commit; then nothing is stored.
    public func accept(groups: [[IncomingMessage]]) throws -> [Result<[IntakeReceipt], any Error>] {
        var results: [Result<[IntakeReceipt], any Error>] = groups.map { group in
            do {
                for message in group { try message.validate(configuration) }
                return .success([])
            } catch {
                return .failure(error)
            }
        }
        let now = self.now
        try knowledgeBase.store.write { db in
            for (index, group) in groups.enumerated() {
                guard case .success = results[index] else { continue }
                var receipts: [IntakeReceipt] = []
                do {
                    receipts = try db.savepoint { try group.map { try store(db, $0, at: now) } }
                    results[index] = .success(receipts)
                } catch {
                    results[index] = .failure(error)
                }
            }
        }
        return results
    }

    /// How many items still wait for the matcher.
    public func unmatchedCount() throws -> Int {
        try knowledgeBase.store.unmatchedCount()
    }

    /// The stored message ids of a channel among `externalIDs` (for checks after a crash).
    public func storedExternalIDs(channel: String) throws -> Set<String> {
        try knowledgeBase.store.storedExternalIDs(channel: channel)
    }
}
