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

    /// The per-message placeholders a snippet needs (`{{name}}` other than `{{amt.*}}`), in order of appearance.
    public static func messageValues(of snippet: Snippet) -> [String] {
        var names: [String] = []
        for text in [snippet.body, snippet.short ?? ""] {
            for placeholder in Placeholder.scan(text).placeholders where placeholder.authorityKey == nil {
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
            long = try fill(snippet.body, values: values)
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
        let short = try fill(shortTemplate, values: values)
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
        let long = (try? fill(snippet.body, values: values, keepMissing: true)) ?? snippet.body
        guard let limit, long.count > limit, let short = snippet.short else { return long }
        return (try? fill(short, values: values, keepMissing: true)) ?? short
    }

    /// Values that a message supplies by itself: `name` is the author's name as shown on the platform, or their
    /// handle for a mention (`@radlerin`); an e-mail address is no name, so staff are asked for one.
    public static func values(forAuthor author: String?) -> [String: String] {
        // A display name is chosen by the citizen: one that smuggles a link or a second line is no name.
        guard let author = author?.trimmingCharacters(in: .whitespaces), !author.isEmpty, PlaceholderValue.isPlain(author) else { return [:] }
        if author.hasPrefix("@") {
            let handle = author.split(separator: "@").first.map { "@" + $0 } ?? author
            return ["name": handle]
        }
        guard !author.contains("@"), author.contains(where: \.isLetter) else { return [:] }
        return ["name": author]
    }

    private func fill(_ template: String, values: [String: String], keepMissing: Bool = false) throws(ReviewError) -> String {
        var missing: [String] = []
        let output = Placeholder.replacing(in: template) { name in
            let value = name.hasPrefix("amt.") ? facts.values[String(name.dropFirst(4))] : values[name]
            if let value, !value.isEmpty { return value }
            if !keepMissing, !missing.contains(name) { missing.append(name) }
            return "{{\(name)}}"
        }
        guard missing.isEmpty else { throw .missingValues(missing) }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
