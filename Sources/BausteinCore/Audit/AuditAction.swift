/// What one audit row records: an action of the review workflow on an item, or an event that concerns the trail or
/// the stored data as a whole.
///
/// Stored (and printed) by its raw text, exactly as before the type existed, so that the hashes over old rows still
/// verify: a workflow action by ``ReviewAction``'s raw value (`confirm`, `mark-sent`, …), the others by their own.
public enum AuditAction: Sendable, Hashable {
    /// An action of the review workflow, from intake (`receive`) to delivery (`mark-sent`) and `undo`.
    case review(ReviewAction)
    /// A delivery attempt that failed and will be retried; the item stays queued.
    case deliveryAttempt
    /// Retention removed the texts of old messages.
    case purge
    /// An erasure request (Art. 17 DSGVO) removed everything stored about one author.
    case erase
    /// The chain was sealed with the deployment's key.
    case seal
    /// Intake flagged a message by meaning for escalation categories its words did not hit (``EscalationSense``).
    case flag
}

extension AuditAction: RawRepresentable, Codable, CustomStringConvertible {
    public init?(rawValue: String) {
        switch rawValue {
        case "delivery-attempt": self = .deliveryAttempt
        case "purge": self = .purge
        case "erase": self = .erase
        case "seal": self = .seal
        case "flag": self = .flag
        default:
            guard let action = ReviewAction(rawValue: rawValue) else { return nil }
            self = .review(action)
        }
    }

    public var rawValue: String {
        switch self {
        case .review(let action): return action.rawValue
        case .deliveryAttempt: return "delivery-attempt"
        case .purge: return "purge"
        case .erase: return "erase"
        case .seal: return "seal"
        case .flag: return "flag"
        }
    }

    public var description: String { rawValue }
}
