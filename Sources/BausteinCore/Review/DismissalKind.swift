/// Why an item was closed without a reply; `noFittingAnswer` feeds the gap report.
public enum DismissalKind: String, Sendable, Codable, CaseIterable {
    case noFittingAnswer = "keine-passende-antwort"
    case spam
    case abusive = "beleidigend"
    case answered = "erledigt"
    case noReplyNeeded = "keine-antwort-noetig"
    case other = "sonstiges"
    /// Closed by retention or an erasure request: the message was removed before anyone answered it.
    case expired = "geloescht"

    /// The reasons people choose from; ``expired`` is set only by retention and erasure.
    public static let selectable = allCases.filter { $0 != .expired }

    public var label: String {
        switch self {
        case .noFittingAnswer: return "keine passende Antwort vorhanden"
        case .spam: return "Spam"
        case .abusive: return "beleidigend oder unsachlich"
        case .answered: return "bereits beantwortet"
        case .noReplyNeeded: return "keine Antwort nötig"
        case .other: return "sonstiges"
        case .expired: return "wegen Aufbewahrungsfrist oder Löschantrag gelöscht"
        }
    }
}
