import Foundation

extension IncomingMessage {
    /// Baustein's own JSON shape of a message, `{"id", "channel", "author", "text", "received_at", "public", "reply_to"}`,
    /// decoded with ``IntakeError``'s checks: a value of the wrong type names its field and what it must be.
    ///
    /// Decoding throws ``IntakeError`` (``IntakeError/notAnObject`` for anything but an object); the checks run in a fixed
    /// order (channel, text, id, received_at, public, reply_to, author), so the same line always names the same field.
    ///
    /// ```swift
    /// let message = try JSONDecoder().decode(IncomingMessage.JSONFields.self, from: data).message
    /// ```
    public struct JSONFields: Decodable, Sendable {
        public var message: IncomingMessage

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let fields: KeyedDecodingContainer<Key>
            do {
                fields = try decoder.container(keyedBy: Key.self)
            } catch {
                throw IntakeError.notAnObject
            }
            let reader = Reader(fields: fields)
            guard reader.isPresent("channel") else { throw IntakeError.missingField("channel") }
            guard let channel = try reader.string("channel") else { throw IntakeError.wrongType(field: "channel", expected: "ein Text") }
            guard reader.isPresent("text") else { throw IntakeError.missingField("text") }
            guard let text = try reader.string("text") else { throw IntakeError.wrongType(field: "text", expected: "ein Text") }
            var externalID: String?
            if !reader.isNull("id") {
                if let text = reader.value(String.self, "id") {
                    externalID = text.isEmpty ? nil : text
                } else if let number = reader.integer("id") {
                    externalID = "\(number)"
                } else {
                    throw IntakeError.wrongType(field: "id", expected: "ein Text oder eine ganze Zahl")
                }
            }
            var receivedAt: Date?
            if let stamp = try reader.string("received_at") {
                guard let date = Timestamp.parse(stamp) else { throw IntakeError.invalidTimestamp(stamp) }
                receivedAt = date
            }
            var isPublic = false
            if !reader.isNull("public") {
                guard let value = reader.value(Bool.self, "public") else { throw IntakeError.wrongType(field: "public", expected: "true oder false") }
                isPublic = value
            }
            var replyTo: String?
            if !reader.isNull("reply_to") {
                if let text = reader.value(String.self, "reply_to") {
                    replyTo = text
                } else if let number = reader.integer("reply_to") {
                    replyTo = "\(number)"
                } else {
                    throw IntakeError.wrongType(field: "reply_to", expected: "ein Text oder eine Zahl")
                }
            }
            message = IncomingMessage(
                externalID: externalID, channel: channel.lowercased(), author: try reader.string("author"), text: text,
                receivedAt: receivedAt, isPublic: isPublic, replyTo: replyTo)
        }

        /// Typed reads of one object's fields; JSONDecoder converts nothing (no number is a boolean, no number a text).
        private struct Reader {
            let fields: KeyedDecodingContainer<Key>

            func isPresent(_ name: String) -> Bool { fields.contains(Key(stringValue: name)) }

            /// Absent or `null`.
            func isNull(_ name: String) -> Bool {
                let key = Key(stringValue: name)
                return !fields.contains(key) || ((try? fields.decodeNil(forKey: key)) ?? false)
            }

            func value<T: Decodable>(_ type: T.Type, _ name: String) -> T? {
                try? fields.decode(type, forKey: Key(stringValue: name))
            }

            /// A text, nil when absent or `null`; any other value is the wrong type.
            func string(_ name: String) throws(IntakeError) -> String? {
                if isNull(name) { return nil }
                guard let text = value(String.self, name) else { throw .wrongType(field: name, expected: "ein Text") }
                return text
            }

            /// A whole number: one that fits Int64, or a whole fraction-free double below 9e15 (`1e3`); booleans are not numbers.
            func integer(_ name: String) -> Int64? {
                if let number = value(Int64.self, name) { return number }
                guard let double = value(Double.self, name), double == double.rounded(), abs(double) < 9e15 else { return nil }
                return Int64(double)
            }
        }
    }
}
