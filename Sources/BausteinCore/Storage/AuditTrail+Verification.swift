import Foundation

extension AuditTrail {
    /// Walks the whole chain with this trail's key and reports the first row that does not fit; with an anchor, also
    /// whether the row it names still has the hash it had when the anchor was taken.
    ///
    /// - Throws: ``AuditKeyError`` when the chain is sealed and this trail has no key or another one.
    func verify(_ db: any SQLSession, anchor: AuditAnchor? = nil) throws -> AuditVerification {
        let recorded = try Self.keyID(db)
        if let recorded {
            guard let key else { throw AuditKeyError.keyRequired(keyID: recorded) }
            guard key.id == recorded else { throw AuditKeyError.wrongKey(expected: recorded, given: key.id) }
        }
        var result = try Self.walk(db, key: recorded == nil ? nil : key?.bytes, anchor: anchor)
        result.keyID = recorded
        // With a key at hand, rows without a seal are suspect: never sealed, or the seal was removed and the chain
        // re-hashed by someone without the key. Either way it proves less than it should.
        if recorded == nil, key != nil, result.problem == nil, result.rows > 0 { result.problem = .notSealed }
        return result
    }

    /// The chain check itself: sequence, links, hashes, texts against their digests, the recorded head, the anchor.
    static func walk(_ db: any SQLSession, key: [UInt8]?, anchor: AuditAnchor? = nil) throws -> AuditVerification {
        var expectedSeq: Int64 = 1
        var previous = genesis
        var anchorSeen = false
        // Only retention may remove texts, and only those of purged messages.
        let purged = Set(try db.column("SELECT id FROM message WHERE purgedAt IS NOT NULL", as: Int64.self))
        var problem: AuditVerification?
        try AuditEntry.all(db) { entry in
            let intact = Int(expectedSeq - 1)
            if entry.seq != expectedSeq {
                problem = AuditVerification(rows: intact, head: previous, problem: .missing(seq: expectedSeq))
                return false
            }
            if entry.prevHash != previous {
                problem = AuditVerification(rows: intact, head: previous, problem: .brokenLink(seq: entry.seq))
                return false
            }
            let textsRemoved =
                (entry.text == nil && entry.textDigest != nil) || (entry.diff == nil && entry.diffDigest != nil)
                || (entry.note == nil && entry.noteDigest != nil)
            let removalAllowed = entry.itemID.map(purged.contains) ?? false
            if entry.computeHash(key: key) != entry.hash || !entry.textsMatchDigests || (textsRemoved && !removalAllowed) {
                problem = AuditVerification(rows: intact, head: previous, problem: .altered(seq: entry.seq))
                return false
            }
            if let anchor, anchor.seq == entry.seq {
                guard Hashing.equalInConstantTime(anchor.hash, entry.hash) else {
                    problem = AuditVerification(rows: intact, head: previous, problem: .anchorMismatch(seq: entry.seq))
                    return false
                }
                anchorSeen = true
            }
            previous = entry.hash
            expectedSeq += 1
            return true
        }
        if let problem { return problem }
        let count = expectedSeq - 1
        let head = try Store.metaValue(db, key: headKey)
        let expectedHead = count == 0 ? nil : "\(count) \(previous)"
        if head != expectedHead {
            let recorded = head.flatMap { Int64($0.split(separator: " ").first ?? "") } ?? 0
            return AuditVerification(
                rows: Int(count), head: previous, problem: recorded > count ? .missing(seq: count + 1) : .headMismatch)
        }
        if let anchor, !anchorSeen {
            return AuditVerification(rows: Int(count), head: previous, problem: .anchorBeyondEnd(seq: anchor.seq))
        }
        return AuditVerification(rows: Int(count), head: count == 0 ? nil : previous, problem: nil, anchorChecked: anchor != nil)
    }
}

/// A row of the chain written down outside Baustein (`baustein audit anchor`): its sequence number and hash.
///
/// Printed and parsed as `SEQ:HASH`. Every row's hash covers all rows before it, so a matching anchor proves that no
/// row up to it was changed, inserted or removed since it was taken, whoever holds the key.
public struct AuditAnchor: Sendable, Hashable, Codable, CustomStringConvertible {
    public var seq: Int64
    public var hash: String

    public init(seq: Int64, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// `SEQ:HASH` (also `SEQ HASH`); nil for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(whereSeparator: { $0 == ":" || $0 == " " })
        guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, parts[1].count == 64, Hex.decode(parts[1]) != nil else { return nil }
        self.init(seq: seq, hash: parts[1].lowercased())
    }

    public var description: String { "\(seq):\(hash)" }
}

/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Hashable, Codable {
    /// Rows checked and found intact.
    public var rows: Int
    /// The hash of the last intact row: write it down elsewhere to anchor the chain (`baustein audit anchor`).
    public var head: String?
    public var problem: AuditProblem?
    /// True when an anchor was given and the row it names still has its hash.
    public var anchorChecked = false
    /// The id of the key that sealed the chain; nil while it is not sealed (plain SHA-256).
    public var keyID: String?

    public var isIntact: Bool { problem == nil }
}

/// What is wrong with the audit chain.
public enum AuditProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The row's content no longer matches its hash.
    case altered(seq: Int64)
    /// The row does not point at the hash of the row before it (rows inserted or replaced).
    case brokenLink(seq: Int64)
    /// The row is gone.
    case missing(seq: Int64)
    /// The recorded newest row differs from the table's newest row.
    case headMismatch
    /// The anchored row has another hash now: the chain up to it was rewritten (by someone holding the key).
    case anchorMismatch(seq: Int64)
    /// The anchored row does not exist (anymore): rows were removed from the end.
    case anchorBeyondEnd(seq: Int64)
    /// A key is configured, but the chain carries no seal.
    case notSealed

    public var description: String {
        switch self {
        case .altered(let seq): return "Zeile \(seq) wurde verändert (Hash passt nicht mehr zum Inhalt)."
        case .brokenLink(let seq): return "Zeile \(seq) passt nicht an die vorige Zeile (Zeilen eingefügt oder ersetzt)."
        case .missing(let seq): return "Zeile \(seq) fehlt (gelöscht)."
        case .headMismatch: return "Die zuletzt aufgezeichnete Zeile stimmt nicht mit dem Protokoll überein."
        case .anchorMismatch(let seq):
            return "Zeile \(seq) hat nicht mehr den Hash des Ankers: das Protokoll wurde bis dorthin neu geschrieben."
        case .anchorBeyondEnd(let seq): return "Zeile \(seq) des Ankers gibt es nicht (mehr): Zeilen am Ende wurden entfernt."
        case .notSealed:
            return "Das Protokoll ist nicht mit dem eingerichteten Schlüssel versiegelt: entweder wurde 'baustein audit seal' noch nie "
                + "ausgeführt, oder jemand hat das Siegel entfernt und die Kette ohne Schlüssel neu berechnet. Mit einem Anker vergleichen."
        }
    }
}

/// No anchor was printed because the chain is broken.
public struct AuditAnchorError: Error, Hashable, Sendable, CustomStringConvertible {
    public var problem: AuditProblem
    public var intactRows: Int

    public var description: String {
        "Kein Anker: das Protokoll ist beschädigt (\(problem)) – \(intactRows) Zeilen davor sind intakt. Erst den Vorfall klären."
    }
}
