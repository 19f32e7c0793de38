import Foundation

/// A snippet's reply as it would be sent on one channel.
public struct RenderedReply: Sendable, Hashable, Codable {
    public var text: String
    /// True when the long text did not fit the channel and the snippet's `short:` variant was used.
    public var usedShort: Bool
}

/// Fills a snippet's placeholders and fits the reply to the channel's length limit.
public struct ReplyRenderer: Sendable {
    public var facts: AuthorityFacts
    public var channels: [String: ChannelPolicy]

    public init(facts: AuthorityFacts, channels: [String: ChannelPolicy]) {
        self.facts = facts
        self.channels = channels
    }

    /// The placeholder for the greeting's name: optional, because the reply greets neutrally without it.
    public static let nameKey = "name"

    /// The per-message placeholders a snippet needs (`{{frist}}`, not `{{amt.*}}` and not the optional `{{name}}`),
    /// in order of appearance.
    public static func messageValues(of snippet: Snippet) -> [String] {
        var names: [String] = []
        for text in [snippet.body, snippet.short ?? ""] {
            for placeholder in Placeholder.scan(text).placeholders where placeholder.authorityKey == nil && placeholder.name != nameKey {
                if !names.contains(placeholder.name) { names.append(placeholder.name) }
            }
        }
        return names
    }

    /// Renders the snippet for a channel: the body if it fits, else the `short:` variant.
    ///
    /// - Throws: ``ReviewError/missingValues(_:)`` when a per-message placeholder has no value,
    ///   ``ReviewError/tooLong(channel:length:limit:)`` when neither variant fits.
    public func render(_ snippet: Snippet, values: [String: String], channel: String) throws(ReviewError) -> RenderedReply {
        let limit = channels[channel]?.maxLength
        let long: String
        do throws(ReviewError) {
            long = try fill(snippet.body, values: values, channel: channel)
        } catch {
            // A body too long for the channel even with one-letter values is never sent here, so its values do not
            // matter: only the short variant's (most shorts drop the greeting's {{name}}).
            guard case .missingValues(let names) = error, let limit, snippet.short != nil,
                let shortest = try? fill(snippet.body, values: values.merging(names.map { ($0, "x") }) { given, _ in given }),
                shortest.count > limit
            else { throw error }
            long = shortest
        }
        guard let limit, long.count > limit else { return RenderedReply(text: long, usedShort: false) }
        guard let shortTemplate = snippet.short else { throw .tooLong(channel: channel, length: long.count, limit: limit) }
        let short = try fill(shortTemplate, values: values, channel: channel)
        guard short.count <= limit else { throw .tooLong(channel: channel, length: short.count, limit: limit) }
        return RenderedReply(text: short, usedShort: true)
    }

    /// Checks a text written by a person: not empty, no placeholder left, within the channel's limit.
    public func check(_ text: String, channel: String) throws(ReviewError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .emptyText }
        if let placeholder = Placeholder.scan(trimmed).placeholders.first { throw .unresolvedPlaceholder(placeholder.name) }
        if let limit = channels[channel]?.maxLength, trimmed.count > limit {
            throw .tooLong(channel: channel, length: trimmed.count, limit: limit)
        }
        return trimmed
    }

    /// The reply as it would read, with placeholders that still lack a value left visible as `{{name}}`.
    public func preview(_ snippet: Snippet, values: [String: String], channel: String) -> String {
        let limit = channels[channel]?.maxLength
        let long = (try? fill(snippet.body, values: values, keepMissing: true, channel: channel)) ?? snippet.body
        guard let limit, long.count > limit, let short = snippet.short else { return long }
        return (try? fill(short, values: values, keepMissing: true, channel: channel)) ?? short
    }

    /// The full text with what is known filled in and missing values left visible, whatever the channel's limit:
    /// where a person starts to edit (and shortens it when it is too long).
    public func draft(_ snippet: Snippet, values: [String: String], channel: String) -> String {
        (try? fill(snippet.body, values: values, keepMissing: true, channel: channel)) ?? snippet.body
    }

    /// Values that a message supplies by itself: `name` when the author reads like a person's name
    /// (``AuthorName/salutation(for:)``); a handle, an e-mail address, "Anonym" or an organisation gives none, and the
    /// greeting stays neutral ("Guten Tag,").
    public static func values(forAuthor author: String?) -> [String: String] {
        // A display name is chosen by the citizen: one that smuggles a link or a second line is no name.
        guard let author = author?.trimmingCharacters(in: .whitespaces), !author.isEmpty, PlaceholderValue.isPlain(author) else { return [:] }
        return AuthorName.salutation(for: author).map { [nameKey: $0] } ?? [:]
    }

    /// Fills the placeholders. A `{{name}}` without a value is left out together with the space before it, so that
    /// "Guten Tag {{name}}," reads "Guten Tag,". The closing lines follow the channel (`gruss.<channel>` in the
    /// authority facts, e.g. a formal sign-off for e-mail), where the facts give one.
    private func fill(_ template: String, values: [String: String], keepMissing: Bool = false, channel: String? = nil) throws(ReviewError)
        -> String
    {
        var missing: [String] = []
        let dropped = "\u{F8FE}"
        let output = Placeholder.replacing(in: template) { name in
            let value = name.hasPrefix("amt.") ? facts.values[String(name.dropFirst(4))] : values[name]
            if let value, !value.isEmpty { return value }
            if name == Self.nameKey { return dropped }
            if !keepMissing, !missing.contains(name) { missing.append(name) }
            return "{{\(name)}}"
        }
        guard missing.isEmpty else { throw .missingValues(missing) }
        var text = output.replacingOccurrences(of: " " + dropped, with: "").replacingOccurrences(of: dropped + " ", with: "")
            .replacingOccurrences(of: dropped, with: "")
        if let channel { text = signedOff(text, channel: channel) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The text with its closing paragraph ("Freundliche Grüße / Ihr Social-Media-Team …") replaced by the channel's
    /// own (`gruss.<channel>` in the authority facts); unchanged when the channel has none or the text no closing.
    func signedOff(_ text: String, channel: String) -> String {
        guard let closing = facts.values["gruss.\(channel)"], !closing.isEmpty else { return text }
        var paragraphs = text.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last, Self.isClosing(last) else { return text }
        let filled = Placeholder.replacing(in: closing) { name in
            name.hasPrefix("amt.") ? facts.values[String(name.dropFirst(4))] ?? "" : ""
        }
        paragraphs[paragraphs.count - 1] = filled.trimmingCharacters(in: .whitespacesAndNewlines)
        return paragraphs.joined(separator: "\n\n")
    }

    /// A closing paragraph: at most three short lines, the first a greeting formula ("… Grüße", "… Grüßen").
    static func isClosing(_ paragraph: String) -> Bool {
        let lines = paragraph.split(separator: "\n")
        guard let first = lines.first, lines.count <= 3, first.count <= 40 else { return false }
        let folded = first.lowercased().replacingOccurrences(of: "ß", with: "ss")
        return folded.contains("grüsse") || folded.contains("grüssen") || folded.contains("gruss")
    }
}
