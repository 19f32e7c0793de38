import Foundation

/// A message's platform details (``IncomingMessage/context``) as stored: a JSON object of strings, sorted by key, or
/// NULL for none.
enum MessageContext {
    static func encode(_ context: [String: String]) -> String? {
        guard !context.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(context)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decode(_ stored: String?) -> [String: String] {
        guard let stored, let data = stored.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }
}
