import Foundation

/// An error that refuses one step and leaves a review session going: the screens say why and go on (someone else
/// holds the item, its state changed meanwhile, the role may not do that).
public protocol Refusal: Error, CustomStringConvertible {}

extension ReviewError: Refusal {}

/// One person's pass through their queue on a ``ReviewDesk``: the part of a review session that is not the screen.
/// Which item comes next (one nobody else holds, claimed before it is shown; an item someone else took meanwhile is
/// passed over), what this round has finished or passed over, the last action (which ``undoLast(current:)`` takes
/// back), and the time spent at each item for the service report. `review` and `approvals` only show, ask and print.
public final class ReviewRound {
    /// The item being worked on: claimed, with the state it had when it was shown.
    public struct Current: Sendable {
        public let entry: QueueEntry
        let started: Date
    }

    public let desk: any ReviewDesk
    public let states: [ReviewState]
    /// The item this round acted on last: ``undoLast(current:)`` takes that action back.
    public private(set) var lastActed: Int64?
    /// Items finished with a change in this round (an undone one no longer counts).
    private var finished: Set<Int64> = []
    private var passed: Set<Int64> = []
    private var reopen: Int64?

    public init(desk: any ReviewDesk, states: [ReviewState]) {
        self.desk = desk
        self.states = states
    }

    /// How many items this round changed.
    public var handled: Int { finished.count }

    /// The next item, claimed for this person; nil when none is left. An item that someone else claimed first is told
    /// to `taken` and passed over.
    public func next(taken: (QueueEntry, any Refusal) -> Void) throws -> Current? {
        while true {
            let entry: QueueEntry
            if let id = reopen {
                reopen = nil
                entry = try desk.entry(id)
            } else {
                guard let next = try desk.nextItem(states: states, skipping: passed) else { return nil }
                entry = next
            }
            do {
                try desk.claim(entry.id)
            } catch let refusal as any Refusal {
                taken(entry, refusal)
                passed.insert(entry.id)
                continue
            }
            return Current(entry: entry, started: Date())
        }
    }

    /// Done with the current item: released and passed over when nothing changed (unless it is to be shown again),
    /// else counted, with the time at the screen for the service report. Either way it is not shown again in this
    /// round: a rewrite under four eyes stays in the press queue, but for a colleague.
    public func finish(_ current: Current) throws {
        let id = current.entry.id
        if try desk.entry(id).state == current.entry.state {
            try desk.release(id)
            if reopen != id { passed.insert(id) }
        } else {
            finished.insert(id)
            passed.insert(id)
            try desk.recordHandling(id, seconds: Date().timeIntervalSince(current.started))
        }
    }

    /// Leaves the current item as it is (the person quits): its claim is given up.
    public func leave(_ current: Current) throws {
        try desk.release(current.entry.id)
    }

    /// One action on the current item, only if it is still at the revision shown; it becomes the one to take back.
    public func act(_ request: ReviewRequest, on entry: QueueEntry) throws -> ActionOutcome {
        let outcome = try desk.act(request, on: entry.id, expectedRevision: entry.revision)
        lastActed = entry.id
        return outcome
    }

    /// Takes back this round's last action; the item it concerned comes next, unless it is `current` (shown again
    /// anyway). Nil when there is nothing to take back.
    public func undoLast(current: Int64?) throws -> ActionOutcome? {
        guard let id = lastActed else { return nil }
        let outcome = try desk.act(.undo, on: id, expectedRevision: nil)
        lastActed = nil
        finished.remove(id)
        passed.remove(id)
        if id != current { reopen = id }
        return outcome
    }
}
