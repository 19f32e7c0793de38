import Foundation
import GRDB

extension Intake {
    /// Where a polling intake stands (`poll.mastodon`, `poll.telegram`), or nil before its first run.
    public func pollCursor(_ key: String) throws -> String? {
        try knowledgeBase.store.read { db in try Store.metaValue(db, key: "poll.\(key)") }
    }

    /// Stores polled messages and moves the poll's cursor in one transaction, so that a restart neither loses a message
    /// (the cursor never runs ahead of what is stored) nor stores one twice (repeats are recognised by their id).
    ///
    /// - Throws: ``IntakeError`` for an invalid message; then nothing is stored and the cursor stays.
    @discardableResult
    public func accept(_ messages: [IncomingMessage], cursor key: String, to value: String) throws -> [IntakeReceipt] {
        for message in messages { try message.validate(configuration) }
        let now = self.now
        return try knowledgeBase.store.write { db in
            let receipts = try messages.map { try store(db, $0, at: now) }
            try Store.setMetaValue(db, key: "poll.\(key)", value: value)
            return receipts
        }
    }
}
