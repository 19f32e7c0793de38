import Foundation

/// Why a review action was refused; nothing was changed. Each message says what to do instead.
public enum ReviewError: Error, Hashable, Sendable, CustomStringConvertible {
    case notAllowed(action: ReviewAction, state: ReviewState)
    case unknownItem(Int64)
    case noTeam
    case unknownPerson(String, known: [String])
    case forbidden(person: String, role: Role, action: ReviewAction, state: ReviewState)
    case otherDepartment(person: String, department: String?)
    case claimed(by: String, until: String)
    case changedMeanwhile(item: Int64, state: ReviewState)
    case noSuggestion(Int64)
    case unknownSnippet(String)
    case snippetNotValid(id: String, day: String)
    case missingValues([String])
    case tooLong(channel: String, length: Int, limit: Int)
    case emptyText
    case unresolvedPlaceholder(String)
    case noteRequired(ReviewAction)
    case noReplyText(Int64)
    case fourEyes(person: String)
    case unknownDepartment(String, known: [String])
    case purgeNotAllowed(person: String, role: Role)
    case uncertainMatch(Int64)
    case nothingToUndo(Int64)
    case undoAfterDelivery(state: ReviewState)
    case undoByOther(item: Int64, actor: String)
    case adminOnly(person: String, role: Role, task: String)
    case outboxNotAllowed(person: String, role: Role)
    /// The person's role has no such review screen (an admin in `review`, staff in `approvals`).
    case screenNotForRole(person: String, role: Role, screen: ReviewScreen)
    case reservedDismissalKind

    public var description: String {
        switch self {
        case .notAllowed(let action, let state):
            return "'\(action.label)' ist im Zustand '\(state.label)' nicht möglich."
        case .unknownItem(let id):
            return "Eintrag #\(id) gibt es nicht; 'baustein queue' zeigt die vorhandenen."
        case .noTeam:
            return "In baustein.yaml ist kein Team eingetragen; unter 'team:' Personen mit Name und Rolle anlegen."
        case .unknownPerson(let name, let known):
            return "'\(name)' steht nicht im Team (baustein.yaml). Bekannt: \(known.joined(separator: ", ")). Mit --as NAME oder BAUSTEIN_USER angeben, wer handelt."
        case .forbidden(let person, let role, let action, let state):
            return "\(person) (\(role.label)) darf '\(action.label)' im Zustand '\(state.label)' nicht ausführen."
        case .otherDepartment(let person, let department):
            return "\(person) gehört nicht zum Fachbereich '\(department ?? "-")', an den dieser Eintrag weitergeleitet wurde."
        case .claimed(let by, let until):
            return "\(by) bearbeitet diesen Eintrag gerade (reserviert bis \(until)). Einen anderen Eintrag wählen."
        case .changedMeanwhile(let item, let state):
            return "Eintrag #\(item) wurde inzwischen geändert (jetzt: \(state.label)); nichts wurde gespeichert. Mit 'baustein show \(item)' neu ansehen."
        case .noSuggestion(let id):
            return "Für #\(id) passt kein Textbaustein; mit --snippet ID einen wählen, eine Antwort schreiben (edit) oder eskalieren."
        case .unknownSnippet(let id):
            return "Textbaustein '\(id)' gibt es nicht (mehr); 'baustein sync' ausführen oder die id prüfen."
        case .snippetNotValid(let id, let day):
            return "Textbaustein '\(id)' gilt am \(day) nicht (Gültigkeitszeitraum); einen anderen wählen."
        case .missingValues(let names):
            let flags = names.map { "--set \($0)=…" }.joined(separator: " ")
            return "Für die Platzhalter \(names.map { "{{\($0)}}" }.joined(separator: ", ")) fehlen Werte: \(flags)"
        case .tooLong(let channel, let length, let limit):
            return "Antwort zu lang für \(channel): \(length) Zeichen, erlaubt sind \(limit). Kürzen (\(length - limit) Zeichen zu viel)."
        case .emptyText:
            return "Der Antworttext ist leer."
        case .unresolvedPlaceholder(let name):
            return "Der Text enthält noch den Platzhalter {{\(name)}}; ihn durch den richtigen Wert ersetzen."
        case .noteRequired(let action):
            return "Für '\(action.label)' ist eine Notiz bzw. ein Grund nötig (--note oder --reason)."
        case .noReplyText(let id):
            return "#\(id) hat noch keinen Antworttext: eine Antwort schreiben (neu formulieren) oder an die Sachbearbeitung zurückgeben."
        case .fourEyes(let person):
            return "Vier-Augen-Prinzip: \(person) hat diese Antwort selbst vorbereitet und darf sie nicht freigeben; eine andere Person der Pressestelle muss freigeben."
        case .purgeNotAllowed(let person, let role):
            return "\(person) (\(role.label)) darf keine Daten löschen; das dürfen admin und Pressestelle."
        case .uncertainMatch(let id):
            return "Für #\(id) passt kein Textbaustein sicher (der Abgleich hat sich enthalten). Nur nach Prüfung senden: ausdrücklich bestätigen (review: j; confirm: --despite-abstention), sonst selbst schreiben, eskalieren oder weiterleiten."
        case .nothingToUndo(let id):
            return "Für #\(id) gibt es nichts rückgängig zu machen: rückgängig geht nur der letzte Schritt, solange danach nichts anderes geschah."
        case .undoAfterDelivery(let state):
            return "Nicht mehr rückgängig zu machen: die Antwort ist \(state.label). Eine Korrektur nur als neue Nachricht an die Person."
        case .undoByOther(let item, let actor):
            return "Den letzten Schritt an #\(item) hat \(actor) getan; nur \(actor) (oder admin) kann ihn rückgängig machen."
        case .reservedDismissalKind:
            return "Der Grund '\(DismissalKind.expired.rawValue)' ist der Löschung vorbehalten; einen anderen Grund wählen (\(DismissalKind.selectable.map(\.rawValue).joined(separator: ", ")))."
        case .outboxNotAllowed(let person, let role):
            return "\(person) (\(role.label)) sieht den Postausgang nicht; das dürfen Pressestelle und admin (Fachbereiche ihre eigenen Anfragen). Einzelne Anfragen: baustein show ID."
        case .screenNotForRole(let person, let role, .review):
            return "\(person) hat die Rolle \(role.rawValue) und bearbeitet keine Anfragen; als Person aus Sachbearbeitung, Pressestelle oder Fachbereich handeln (--as NAME, oder baustein login mit deren Token)."
        case .screenNotForRole(let person, let role, .approvals):
            return "Freigaben erteilt nur die Pressestelle; \(person) hat die Rolle \(role.rawValue)."
        case .adminOnly(let person, let role, let task):
            return "\(person) (\(role.label)) darf \(task) nicht; das darf nur die Rolle admin."
        case .unknownDepartment(let id, let known):
            return "Fachbereich '\(id)' gibt es nicht. Bekannt: \(known.joined(separator: ", ")) (departments in baustein.yaml)."
        }
    }
}
