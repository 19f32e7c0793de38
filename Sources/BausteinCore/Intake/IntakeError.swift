/// Why intake refused a message; the message says what to fix.
public enum IntakeError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidUTF8
    case invalidJSON(String)
    case notAnObject
    case missingField(String)
    case wrongType(field: String, expected: String)
    case emptyText
    case unknownChannel(String, known: [String])
    case tooLong(bytes: Int, limit: Int)
    case invalidTimestamp(String)

    /// The field at fault, for API error bodies.
    public var field: String? {
        switch self {
        case .missingField(let field), .wrongType(let field, _): return field
        case .emptyText, .tooLong: return "text"
        case .unknownChannel: return "channel"
        case .invalidTimestamp: return "received_at"
        case .invalidUTF8, .invalidJSON, .notAnObject: return nil
        }
    }

    public var description: String {
        switch self {
        case .invalidUTF8:
            return "kein gültiger UTF-8-Text; die Datei als UTF-8 speichern."
        case .invalidJSON(let detail):
            return "kein gültiges JSON (\(detail)); je Zeile genau ein Objekt {\"channel\": …, \"text\": …}."
        case .notAnObject:
            return "JSON-Zeile ist kein Objekt; erwartet wird {\"channel\": …, \"text\": …}."
        case .missingField(let field):
            return "Feld '\(field)' fehlt."
        case .wrongType(let field, let expected):
            return "Feld '\(field)' muss \(expected) sein."
        case .emptyText:
            return "Nachricht ohne Text; leere Nachrichten werden nicht gespeichert."
        case .unknownChannel(let channel, let known):
            return "unbekannter Kanal '\(channel)'. Bekannt: \(known.joined(separator: ", ")); weitere unter 'channels' in baustein.yaml eintragen."
        case .tooLong(let bytes, let limit):
            return "Nachricht zu lang (\(bytes) Bytes, höchstens \(limit)); Grenze: intake.max_message_bytes in baustein.yaml."
        case .invalidTimestamp(let value):
            return "'received_at' ist kein Zeitpunkt: '\(value)'; ISO 8601 wie 2026-11-26T09:30:00Z verwenden."
        }
    }
}
