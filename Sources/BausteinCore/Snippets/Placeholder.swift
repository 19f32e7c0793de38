import Foundation

/// A `{{name}}` placeholder in a snippet's text.
public struct Placeholder: Hashable, Sendable {
    /// The name between the braces, trimmed (`amt.telefon`, `name`).
    public var name: String
    /// Zero-based line within the scanned text.
    public var lineOffset: Int

    /// The authority key for `{{amt.KEY}}` placeholders, nil for per-reply placeholders.
    public var authorityKey: String? {
        name.hasPrefix("amt.") ? String(name.dropFirst(4)) : nil
    }

    /// All placeholders in a text; the second value is the line offset of an unclosed `{{`, if any.
    public static func scan(_ text: String) -> (placeholders: [Placeholder], unclosedAt: Int?) {
        var result: [Placeholder] = []
        var rest = Substring(text)
        var consumedLines = 0
        while let open = rest.range(of: "{{") {
            consumedLines += rest[rest.startIndex..<open.lowerBound].filter { $0 == "\n" }.count
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { return (result, consumedLines) }
            let name = afterOpen[afterOpen.startIndex..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            result.append(Placeholder(name: name, lineOffset: consumedLines))
            consumedLines += afterOpen[afterOpen.startIndex..<close.lowerBound].filter { $0 == "\n" }.count
            rest = afterOpen[close.upperBound...]
        }
        return (result, nil)
    }

    /// The text with every closed `{{name}}` replaced by what `replacement` returns for its trimmed name;
    /// an unclosed `{{` stays as it is.
    public static func replacing(in text: String, _ replacement: (String) -> String) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[rest.startIndex..<open.lowerBound]
            output += replacement(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
