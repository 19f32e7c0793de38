import Foundation

/// Intake from a stream of lines (`baustein intake`): each line one message, as plain text or as a JSON object,
/// stored and matched in batches, so that a large file neither waits for the end to be useful nor holds everything
/// in one transaction. A bad line is reported with its number and the others are stored.
public struct LineIntake: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case text, jsonl
    }

    /// What became of one stored (or recognised) message.
    public struct Stored: Sendable {
        /// The line number (from 1).
        public var line: Int
        public var receipt: IntakeReceipt
        /// The item's queue line after matching.
        public var entry: QueueEntry
        public var hasReplyAddress: Bool
    }

    /// Totals for the closing line.
    public struct Summary: Sendable, Hashable {
        public var stored = 0
        public var duplicates = 0
        public var rejected = 0
        /// New messages without a reply address: their replies cannot be delivered.
        public var withoutAddress = 0
    }

    /// Messages stored and matched per transaction.
    public static let batchSize = 200

    public var format: Format?
    /// Channel and reply address of plain-text lines.
    public var channel: String
    public var replyTo: String?

    public init(format: Format?, channel: String, replyTo: String?) {
        self.format = format
        self.channel = channel
        self.replyTo = replyTo
    }

    /// Stores and matches every message of `data`, calling `stored` for each in input order and `rejected` for each
    /// bad line; returns the totals.
    public func run(
        _ data: Data, into workflow: Workflow, stored: (Stored) throws -> Void, rejected: (Int, IntakeError) -> Void
    ) throws -> Summary {
        let lines = Self.lines(of: data)
        let format = self.format ?? Self.detect(lines)
        var summary = Summary()
        var pending: [(line: Int, message: IncomingMessage)] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            let receipts = try workflow.intake.accept(pending.map(\.message))
            try workflow.intake.matchPending()
            for (entry, receipt) in zip(pending, receipts) {
                if receipt.duplicate { summary.duplicates += 1 } else { summary.stored += 1 }
                if !receipt.duplicate, entry.message.replyTo == nil { summary.withoutAddress += 1 }
                try stored(
                    Stored(
                        line: entry.line, receipt: receipt, entry: try workflow.queue.entry(receipt.itemID),
                        hasReplyAddress: entry.message.replyTo != nil))
            }
            pending.removeAll()
        }
        for (index, bytes) in lines.enumerated() where !Self.isBlank(bytes) {
            do {
                let message = try parse(bytes, format: format, limit: workflow.configuration.maxMessageBytes)
                try message.validate(workflow.configuration)
                pending.append((index + 1, message))
            } catch {
                summary.rejected += 1
                rejected(index + 1, error)
            }
            if pending.count >= Self.batchSize { try flush() }
        }
        try flush()
        return summary
    }

    /// The format of `data` as ``run(_:into:stored:rejected:)`` reads it.
    public func format(of data: Data) -> Format { format ?? Self.detect(Self.lines(of: data)) }

    private func parse(_ bytes: ArraySlice<UInt8>, format: Format, limit: Int) throws(IntakeError) -> IncomingMessage {
        // A line far beyond the limit is refused before any parsing.
        if bytes.count > limit * 6 + 4096 { throw .tooLong(bytes: bytes.count, limit: limit) }
        switch format {
        case .jsonl:
            return try IncomingMessage.parse(jsonLine: bytes)
        case .text:
            guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
            return IncomingMessage(channel: channel, text: text.trimmingCharacters(in: .whitespaces), replyTo: replyTo)
        }
    }

    static func lines(of data: Data) -> [ArraySlice<UInt8>] {
        let bytes = [UInt8](data)
        return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
    }

    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// JSON Lines when the first non-blank line starts with `{`.
    static func detect(_ lines: [ArraySlice<UInt8>]) -> Format {
        guard let first = lines.first(where: { !isBlank($0) }) else { return .text }
        return first.first(where: { $0 != 0x20 && $0 != 0x09 }) == UInt8(ascii: "{") ? .jsonl : .text
    }
}
