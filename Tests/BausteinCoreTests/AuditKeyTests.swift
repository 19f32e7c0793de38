@testable import BausteinCore
import BausteinTestSupport
import Foundation
import GRDB
import Testing

/// The sealed audit chain: rows hashed with HMAC under a key kept outside the database, so that someone who can write
/// the database file but lacks the key cannot rewrite history, and anchors that catch even a key holder.
@Suite("Audit key and anchors")
struct AuditKeyTests {
    static let key = try! AuditKey(hex: String(repeating: "4b", count: 32), source: "test")
    static let otherKey = try! AuditKey(hex: String(repeating: "a7", count: 32), source: "test")

    /// Rewrites the chain from `seq` on as an attacker would: texts with fresh digests, every hash recomputed with plain
    /// SHA-256 (no key) or with a key the attacker holds. The row format is the documented one: each field
    /// length-prefixed, `-` for none, joined by `|`.
    static func forge(_ fixture: WorkflowFixture, from seq: Int64, key: [UInt8]?, text: String? = nil) throws {
        // Through the workflow's own store, so that the attack is the same on SQLite and on PostgreSQL.
        try fixture.knowledgeBase.store.write { db in
            if let text {
                try db.execute("UPDATE audit SET text = ?, textDigest = ? WHERE seq = ?", [text, Hashing.sha256Hex(of: text), seq])
            }
            var previous = try db.value("SELECT hash FROM audit WHERE seq = ?", [seq - 1], as: String.self) ?? String(repeating: "0", count: 64)
            var last: Int64 = 0
            for row in try db.rows("SELECT * FROM audit WHERE seq >= ? ORDER BY seq", [seq]) {
                let names = [
                    "seq", "at", "actor", "role", "itemId", "action", "fromState", "toState", "snippetId", "snippetVersion", "textDigest",
                    "diffDigest", "noteDigest", "messageHash",
                ]
                var fields: [String?] = try names.map { name in
                    switch try row[name] as SQLValue {
                    case .integer(let number): return String(number)
                    case .text(let text): return text
                    default: return nil
                    }
                }
                fields.append(previous)
                if let via = try row["via"] as String? { fields.append(via) }
                let input = Array(fields.map { $0.map { "\($0.utf8.count):\($0)" } ?? "-" }.joined(separator: "|").utf8)
                let hash = key.map { Hashing.hmacHex(key: $0, message: input) } ?? Hashing.sha256Hex(of: input)
                let rowSeq: Int64 = try row["seq"]
                try db.execute("UPDATE audit SET prevHash = ?, hash = ? WHERE seq = ?", [previous, hash, rowSeq])
                previous = hash
                last = rowSeq
            }
            try db.execute("UPDATE meta SET value = ? WHERE key = 'audit.head'", ["\(last) \(previous)"])
        }
    }

    @Test("the forging helper reproduces an unkeyed chain exactly (so the attacks below are real)")
    func forgeryHelperIsFaithful() throws {
        let fixture = try WorkflowFixture()
        _ = try AuditTrailTests.history(fixture)
        let before = try fixture.workflow.auditLog.entries().map(\.hash)
        try Self.forge(fixture, from: 1, key: nil)
        #expect(try fixture.workflow.auditLog.entries().map(\.hash) == before)
    }

    @Test("attack: rewriting a reply's text and recomputing the chain without the key is found")
    func rewriteWithoutKey() throws {
        let fixture = try WorkflowFixture(auditKey: Self.key)
        _ = try AuditTrailTests.history(fixture)
        #expect(try fixture.workflow.auditLog.verify().isIntact)
        try Self.forge(fixture, from: 3, key: nil, text: "Wir antworten nicht auf Presseanfragen.")
        let result = try fixture.workflow.auditLog.verify()
        #expect(result.problem == .altered(seq: 3))
        #expect(result.keyID == Self.key.id)
    }

    @Test("attack: removing the seal and re-hashing without the key is reported, and nothing more is written")
    func downgrade() throws {
        let fixture = try WorkflowFixture(auditKey: Self.key)
        _ = try AuditTrailTests.history(fixture)
        try fixture.tamper("DELETE FROM meta WHERE key = 'audit.key'")
        try Self.forge(fixture, from: 1, key: nil)
        try Self.forge(fixture, from: 2, key: nil, text: "Gefälschter Text.")
        #expect(try fixture.workflow.auditLog.verify().problem == .notSealed)
        #expect(throws: AuditKeyError.unsealed(rows: 5)) { try fixture.receive("Wie melde ich Sperrmüll an?") }
        #expect(try fixture.count("message") == 1)
    }

    @Test("a key holder can re-hash the chain, but an anchor taken before catches it")
    func anchorCatchesKeyHolder() throws {
        let fixture = try WorkflowFixture(auditKey: Self.key)
        _ = try AuditTrailTests.history(fixture)
        let anchor = try #require(try fixture.workflow.auditLog.anchor())
        #expect(anchor.seq == 5)
        #expect(AuditAnchor(anchor.description) == anchor)
        _ = try fixture.receive("Wie melde ich Sperrmüll an?")
        #expect(try fixture.workflow.auditLog.verify(anchor: anchor).anchorChecked)
        try Self.forge(fixture, from: 2, key: Hex.decode(String(repeating: "4b", count: 32)), text: "Gefälschter Text.")
        #expect(try fixture.workflow.auditLog.verify().isIntact)
        #expect(try fixture.workflow.auditLog.verify(anchor: anchor).problem == .anchorMismatch(seq: 5))
    }

    @Test("rows deleted from the end are found by an anchor even when the head is rewritten to match")
    func truncatedEnd() throws {
        let fixture = try WorkflowFixture(auditKey: Self.key)
        _ = try AuditTrailTests.history(fixture)
        let anchor = try #require(try fixture.workflow.auditLog.anchor())
        try fixture.tamper("DELETE FROM audit WHERE seq >= 4")
        let head = try #require(try fixture.workflow.auditLog.entries().last)
        try fixture.tamper("UPDATE meta SET value = ? WHERE key = 'audit.head'", ["3 \(head.hash)"])
        #expect(try fixture.workflow.auditLog.verify().isIntact)
        #expect(try fixture.workflow.auditLog.verify(anchor: anchor).problem == .anchorBeyondEnd(seq: 5))
    }

    @Test("a wrong key or no key cannot append to or verify a sealed chain")
    func wrongKey() throws {
        let fixture = try WorkflowFixture(auditKey: Self.key)
        let id = try fixture.receive("Wie melde ich Sperrmüll an?")
        let stranger = try fixture.reopened(auditKey: Self.otherKey)
        #expect(throws: AuditKeyError.wrongKey(expected: Self.key.id, given: Self.otherKey.id)) {
            try stranger.review.dismiss(id, reason: "Test", by: try fixture.person("anna"))
        }
        #expect(throws: AuditKeyError.keyRequired(keyID: Self.key.id)) { try fixture.reopened(auditKey: nil).auditLog.verify() }
        #expect(try fixture.state(id) == .open)
    }

    @Test("an old unsealed chain is sealed once by an admin: verified, re-hashed, and the old head recorded")
    func sealOldChain() throws {
        let fixture = try WorkflowFixture()
        _ = try AuditTrailTests.history(fixture)
        let oldHead = try #require(try fixture.workflow.auditLog.verify().head)
        let keyed = try fixture.reopened(auditKey: Self.key)
        #expect(throws: AuditKeyError.unsealed(rows: 5)) {
            try keyed.intake.accept([IncomingMessage(channel: "web", text: "Wie melde ich Sperrmüll an?")])
        }
        #expect(throws: ReviewError.adminOnly(person: "petra", role: .press, task: "das Protokoll versiegeln")) {
            try keyed.auditLog.seal(by: try fixture.person("petra"))
        }
        let before = try keyed.auditLog.seal(by: try fixture.person("admin"))
        #expect(before.rows == 5 && before.head == oldHead)
        let sealed = try keyed.auditLog.verify()
        #expect(sealed.isIntact && sealed.rows == 6 && sealed.keyID == Self.key.id)
        let seal = try #require(try keyed.auditLog.entries().last)
        #expect(seal.action == .seal && seal.note?.contains("5:\(oldHead)") == true)
        #expect(throws: AuditKeyError.alreadySealed(keyID: Self.key.id)) { try keyed.auditLog.seal(by: try fixture.person("admin")) }
    }

    @Test("a broken chain is never sealed")
    func brokenChainNotSealed() throws {
        let fixture = try WorkflowFixture()
        _ = try AuditTrailTests.history(fixture)
        try fixture.tamper("UPDATE audit SET actor = 'mallory' WHERE seq = 2")
        let keyed = try fixture.reopened(auditKey: Self.key)
        let error = caught { try keyed.auditLog.seal(by: try fixture.person("admin")) }
        #expect((error as? AuditSealError)?.problem == .altered(seq: 2))
        #expect(try fixture.count("audit") == 5)
    }

    @Test("a new key file is created private (0600) while the chain is unsealed, and required once it is sealed")
    func keyFile() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("keys/audit.key").path
        let (key, created) = try AuditKey.resolve(environment: [:], file: file, chainKeyID: nil)
        #expect(created)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)
        #expect(mode.intValue & 0o777 == 0o600)
        let again = try AuditKey.resolve(environment: [:], file: file, chainKeyID: key.id)
        #expect(!again.created && again.key.id == key.id)
        try FileManager.default.removeItem(atPath: file)
        #expect(throws: AuditKeyError.missing(file: file, keyID: key.id)) { try AuditKey.resolve(environment: [:], file: file, chainKeyID: key.id) }
        let fromEnvironment = try AuditKey.resolve(
            environment: ["BAUSTEIN_AUDIT_KEY": String(repeating: "4b", count: 32)], file: file, chainKeyID: nil)
        #expect(fromEnvironment.key.id == Self.key.id && !fromEnvironment.created)
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(throws: AuditKeyError.invalid(source: "BAUSTEIN_AUDIT_KEY")) {
            try AuditKey.resolve(environment: ["BAUSTEIN_AUDIT_KEY": "zu kurz"], file: file, chainKeyID: nil)
        }
    }
}
