/// Where a citizen message stands on its way from intake to a sent reply.
///
/// The allowed moves are spelled out in ``after(_:needsPress:)``; anything else is a ``ReviewError``.
public enum ReviewState: String, Sendable, Codable, CaseIterable {
    /// New, waiting for staff.
    case open
    /// Staff asked a department (Fachbereich) for an answer.
    case forwarded
    /// The department drafted an answer; the press office looks it over.
    case drafted
    /// Staff chose a snippet that the press office must approve.
    case confirmed
    /// Staff changed the snippet's text or wrote their own; the press office must approve.
    case edited
    /// Staff handed the message to the press office with a note.
    case escalated
    /// The press office sent it back to staff with a note.
    case returned
    /// Approved reply, ready for delivery (in the outbox).
    case approved
    /// Handed to delivery (exported or being posted).
    case queued
    /// Delivered.
    case sent
    /// Delivery failed; can be retried.
    case failed
    /// Closed without a reply.
    case dismissed

    /// Who acts on an item in this state.
    public var stage: ReviewStage {
        switch self {
        case .open, .returned: return .staff
        case .forwarded: return .department
        case .drafted, .confirmed, .edited, .escalated: return .press
        case .approved, .queued, .failed: return .delivery
        case .sent, .dismissed: return .closed
        }
    }

    /// The German word staff see.
    public var label: String {
        switch self {
        case .open: return "offen"
        case .forwarded: return "beim Fachbereich"
        case .drafted: return "Entwurf des Fachbereichs"
        case .confirmed: return "bestätigt, wartet auf Freigabe"
        case .edited: return "bearbeitet, wartet auf Freigabe"
        case .escalated: return "an die Pressestelle eskaliert"
        case .returned: return "von der Pressestelle zurückgegeben"
        case .approved: return "freigegeben (im Postausgang)"
        case .queued: return "an die Zustellung übergeben"
        case .sent: return "gesendet"
        case .failed: return "Zustellung fehlgeschlagen"
        case .dismissed: return "ohne Antwort geschlossen"
        }
    }

    /// The state an action leads to, or a typed error when the action is not allowed here.
    ///
    /// - Parameter needsPress: whether the rules require the press office to approve the reply; decides whether
    ///   a confirmation or an edit goes straight to the outbox or waits for approval.
    public func after(_ action: ReviewAction, needsPress: Bool) throws(ReviewError) -> ReviewState {
        switch (self, action) {
        case (.open, .confirm), (.returned, .confirm): return needsPress ? .confirmed : .approved
        case (.open, .edit), (.returned, .edit): return needsPress ? .edited : .approved
        case (.open, .escalate), (.returned, .escalate): return .escalated
        case (.open, .forward), (.returned, .forward): return .forwarded
        case (.open, .dismiss), (.returned, .dismiss): return .dismissed
        case (.forwarded, .draft): return .drafted
        case (.forwarded, .returnToStaff): return .returned
        case (.confirmed, .approve), (.edited, .approve), (.escalated, .approve), (.drafted, .approve): return .approved
        case (.confirmed, .returnToStaff), (.edited, .returnToStaff), (.escalated, .returnToStaff), (.drafted, .returnToStaff):
            return .returned
        // Under the four-eyes rule a rewrite is a reply its writer prepared: another press member approves it.
        case (.confirmed, .rewrite), (.edited, .rewrite), (.escalated, .rewrite), (.drafted, .rewrite): return needsPress ? .edited : .approved
        case (.confirmed, .dismiss), (.edited, .dismiss), (.escalated, .dismiss), (.drafted, .dismiss): return .dismissed
        case (.approved, .export): return .queued
        case (.queued, .markSent): return .sent
        case (.queued, .markFailed): return .failed
        case (.failed, .retry): return .approved
        // Retention (or a citizen's erasure request) closes whatever is still open about a message whose text is removed.
        case (let state, .expire) where state.stage != .closed: return .dismissed
        default: throw .notAllowed(action: action, state: self)
        }
    }

    /// The state that undoing `action` leads back to: `previous`, the state the action started from, provided the
    /// action is one a person can take back and its reply has not gone to delivery yet.
    ///
    /// - Throws: ``ReviewError/undoAfterDelivery(state:)`` once the reply is exported or sent,
    ///   ``ReviewError/notAllowed(action:state:)`` when `action` cannot be undone or never led from `previous` here.
    public func undoing(_ action: ReviewAction, back previous: ReviewState) throws(ReviewError) -> ReviewState {
        if [.queued, .sent, .failed].contains(self) { throw .undoAfterDelivery(state: self) }
        guard action.isUndoable else { throw .notAllowed(action: .undo, state: self) }
        let reachable = [true, false].contains { needsPress in (try? previous.after(action, needsPress: needsPress)) == self }
        guard reachable else { throw .notAllowed(action: .undo, state: self) }
        return previous
    }
}

/// Who is expected to act on an item next.
public enum ReviewStage: String, Sendable, Codable {
    case staff, department, press, delivery, closed
}

/// What a person (or intake, or delivery) does to an item; each becomes one audit row.
public enum ReviewAction: String, Sendable, Codable, CaseIterable {
    case receive, confirm, edit, escalate, forward, dismiss, draft, approve
    case returnToStaff = "return"
    case rewrite
    case export, markSent = "mark-sent", markFailed = "mark-failed", retry
    case undo

    /// Whether a person can take the action back (``ReviewState/undoing(_:back:)``): the decisions of staff,
    /// departments and the press office, not intake or delivery.
    public var isUndoable: Bool {
        switch self {
        case .confirm, .edit, .escalate, .forward, .dismiss, .draft, .approve, .returnToStaff, .rewrite: return true
        case .receive, .export, .markSent, .markFailed, .retry, .undo, .expire: return false
        }
    }
    /// Retention or an erasure request closes the item because its message is removed.
    case expire

    /// The German verb for messages and the audit view.
    public var label: String {
        switch self {
        case .receive: return "eingegangen"
        case .confirm: return "bestätigen"
        case .edit: return "bearbeiten"
        case .escalate: return "eskalieren"
        case .forward: return "an Fachbereich weiterleiten"
        case .dismiss: return "schließen"
        case .draft: return "Entwurf schreiben"
        case .approve: return "freigeben"
        case .returnToStaff: return "zurückgeben"
        case .rewrite: return "neu formulieren"
        case .export: return "an die Zustellung übergeben"
        case .markSent: return "als gesendet markieren"
        case .markFailed: return "als fehlgeschlagen markieren"
        case .retry: return "erneut zustellen"
        case .undo: return "rückgängig machen"
        case .expire: return "wegen Löschung schließen"
        }
    }
}
