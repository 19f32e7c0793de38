import Foundation

/// Decodes platform payloads and turns decoding failures into 400 answers that name the field.
enum PayloadDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(type, from: Data(body))
        } catch let error as DecodingError {
            throw describe(error)
        }
    }

    static func describe(_ error: DecodingError) -> ServerError {
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("Feld '\(field)' fehlt.", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return .badRequest("Feld '\(field)' hat einen falschen Typ.", field: field)
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .badRequest("Kein gültiges JSON.", field: nil, code: "invalid_json")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .badRequest("Feld '\(field)' ist ungültig.", field: field)
        @unknown default:
            return .badRequest("Kein gültiges JSON.", field: nil, code: "invalid_json")
        }
    }

    /// `entry[0].messaging[1].message.mid`, with snake_case names as the platform sent them.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + snakeCase(key.stringValue)
            }
        }
        return text
    }

    private static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// An id that platforms send as a number or a string (Meta's sender ids come as both).
struct FlexibleID: Decodable, Sendable, Hashable, CustomStringConvertible {
    var value: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            value = text
        } else {
            value = String(try container.decode(Int64.self))
        }
    }

    var description: String { value }
}
