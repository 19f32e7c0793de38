import BausteinCore
import Foundation

/// What one poll of a platform brought in.
public struct PollReport: Sendable, Equatable {
    public var source: String
    public var stored: Int
    public var duplicates: Int
    /// Items fetched that carried no message (other notification types, stickers).
    public var ignored: Int
}

/// Why a poll failed; nothing was stored and the cursor stayed. The message says what to do.
public struct PollError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var reason: String
    /// When the platform asked to wait (429) or the next try makes sense.
    public var retryAfter: TimeInterval?

    public var description: String { "\(source): \(reason)" }
}

/// Intake by asking the platform instead of waiting for its webhook: for town halls without a public endpoint, and for
/// accounts on shared instances without admin rights.
protocol Poller: Sendable {
    var name: String { get }
    /// Fetches what is new since the stored cursor, stores it and moves the cursor, all or nothing.
    func pollOnce(_ workflow: Workflow) async throws(PollError) -> PollReport
    /// The pause between polls (long polling waits inside ``pollOnce(_:)`` already).
    var interval: Duration { get }
}
