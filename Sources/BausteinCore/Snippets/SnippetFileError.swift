/// A problem in a snippet file, with the file and line where the press office has to fix it.
public struct SnippetFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Reason: Hashable, Sendable {
        case unreadable(String)
        case missingFrontMatter
        case unterminatedFrontMatter
        case invalidYAML(String)
        case frontMatterNotAMapping
        case unknownField(String)
        case missingField(String)
        case wrongType(field: String, expected: String)
        case emptyValue(field: String)
        case invalidID(String)
        case idDoesNotMatchFileName(id: String, expected: String)
        case duplicateID(id: String, otherFile: String)
        case badDate(field: String, value: String)
        case invalidApproval(String)
        case validityWindowInverted
        case emptyBody
        case unknownAuthorityKey(String)
        case unclosedPlaceholder
        case invalidCategory(String)
        case unknownCategory(String, known: [String])
    }

    public var file: String
    public var line: Int
    public var reason: Reason

    public init(file: String, line: Int, reason: Reason) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// `file:line: message`, the format editors and CI logs understand.
    public var description: String { "\(file):\(line): \(message)" }

    /// What is wrong and what to do, in German for the press office.
    public var message: String {
        switch reason {
        case .unreadable(let detail):
            return "Datei nicht lesbar (\(detail)); als UTF-8-Text speichern."
        case .missingFrontMatter:
            return "Kopfbereich fehlt: die Datei muss mit einer Zeile '---' beginnen, gefolgt von YAML und wieder '---'."
        case .unterminatedFrontMatter:
            return "Kopfbereich nicht abgeschlossen: nach dem YAML fehlt die Zeile '---'."
        case .invalidYAML(let problem):
            return "YAML-Fehler: \(problem). Werte mit ':' oder '#' in Anführungszeichen setzen."
        case .frontMatterNotAMapping:
            return "Der Kopfbereich muss aus Feldern 'name: wert' bestehen."
        case .unknownField(let field):
            return "Unbekanntes Feld '\(field)'. Erlaubt: \(SnippetFile.allowedFields.joined(separator: ", "))."
        case .missingField(let field):
            return "Pflichtfeld '\(field)' fehlt."
        case .wrongType(let field, let expected):
            return "Feld '\(field)' muss \(expected) sein."
        case .emptyValue(let field):
            return "Feld '\(field)' ist leer."
        case .invalidID(let id):
            return "Ungültige id '\(id)': nur Kleinbuchstaben a-z, Ziffern und '-' sind erlaubt."
        case .idDoesNotMatchFileName(let id, let expected):
            return "id '\(id)' passt nicht zum Dateinamen: die Datei muss '\(expected).md' heißen oder die id '\(expected)'."
        case .duplicateID(let id, let otherFile):
            return "id '\(id)' ist doppelt vergeben (auch in \(otherFile)); ids sind eindeutig und werden nie wiederverwendet."
        case .badDate(let field, let value):
            return "Feld '\(field)': '\(value)' ist kein gültiges Datum; Format JJJJ-MM-TT, z. B. 2026-10-01."
        case .invalidApproval(let value):
            return "Feld 'approval': '\(value)' ist ungültig; erlaubt sind 'staff' oder 'press'."
        case .validityWindowInverted:
            return "valid_until liegt vor valid_from; der Baustein wäre nie gültig."
        case .emptyBody:
            return "Der Antworttext nach dem Kopfbereich ist leer."
        case .unknownAuthorityKey(let key):
            return "Platzhalter '{{amt.\(key)}}' ist in knowledge/authority.yaml nicht definiert."
        case .unclosedPlaceholder:
            return "Platzhalter ohne schließendes '}}'."
        case .invalidCategory(let category):
            return "Feld 'answers': '\(category)' ist kein Kategoriename; nur a-z, 0-9 und '-' wie in knowledge/escalation.txt."
        case .unknownCategory(let category, let known):
            return "Feld 'answers': Kategorie '\(category)' gibt es in knowledge/escalation.txt nicht. Bekannt: \(known.joined(separator: ", "))."
        }
    }
}
