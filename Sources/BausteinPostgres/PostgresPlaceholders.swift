/// Rewrites the workflow's `?` placeholders into PostgreSQL's numbered `$1, $2, …`.
///
/// A `?` inside a string literal (`'…'`, `E'…'` with backslash escapes, `$tag$…$tag$`), a quoted identifier (`"…"`) or a
/// comment (`-- …`, `/* … */`) stays as it is. PostgreSQL's jsonb operators `?`, `?|` and `?&` cannot be written in
/// this SQL: the workflow's statements do not use them.
enum PostgresPlaceholders {
    /// The statement with numbered placeholders, and how many there are.
    static func numbered(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        guard bytes.contains(UInt8(ascii: "?")) else { return (sql, 0) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        var count = 0
        var copied = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "?"):
                output.append(contentsOf: bytes[copied..<index])
                count += 1
                output.append(contentsOf: "$\(count)".utf8)
                index += 1
                copied = index
            case UInt8(ascii: "'"):
                let escapes = index > 0 && (bytes[index - 1] | 0x20) == UInt8(ascii: "e") && !isWordByte(at: index - 2, in: bytes)
                index = endOfQuoted(bytes, from: index, quote: byte, backslashEscapes: escapes)
            case UInt8(ascii: "\""):
                index = endOfQuoted(bytes, from: index, quote: byte, backslashEscapes: false)
            case UInt8(ascii: "-") where next(bytes, index) == UInt8(ascii: "-"):
                index = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            case UInt8(ascii: "/") where next(bytes, index) == UInt8(ascii: "*"):
                index = endOfBlockComment(bytes, from: index)
            case UInt8(ascii: "$") where !isWordByte(at: index - 1, in: bytes):
                index = endOfDollarQuoted(bytes, from: index)
            default:
                index += 1
            }
        }
        output.append(contentsOf: bytes[copied...])
        return (String(decoding: output, as: UTF8.self), count)
    }

    private static func next(_ bytes: [UInt8], _ index: Int) -> UInt8? {
        index + 1 < bytes.count ? bytes[index + 1] : nil
    }

    private static func isWordByte(at index: Int, in bytes: [UInt8]) -> Bool {
        guard index >= 0 && index < bytes.count else { return false }
        let byte = bytes[index]
        return byte >= 0x80 || byte == UInt8(ascii: "_") || (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    /// The index after the closing quote; a doubled quote is part of the text.
    private static func endOfQuoted(_ bytes: [UInt8], from start: Int, quote: UInt8, backslashEscapes: Bool) -> Int {
        var index = start + 1
        while index < bytes.count {
            if backslashEscapes && bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == quote {
                if next(bytes, index) == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    /// The index after the comment's end; PostgreSQL's block comments nest.
    private static func endOfBlockComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/") && next(bytes, index) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*") && next(bytes, index) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return index }
            } else {
                index += 1
            }
        }
        return bytes.count
    }

    /// The index after `$tag$…$tag$`, or after the `$` alone when it starts no dollar quote (`$1` stays untouched).
    private static func endOfDollarQuoted(_ bytes: [UInt8], from start: Int) -> Int {
        var tagEnd = start + 1
        while tagEnd < bytes.count && bytes[tagEnd] != UInt8(ascii: "$") {
            let byte = bytes[tagEnd]
            let isTagByte = isWordByte(at: tagEnd, in: bytes) && !(tagEnd == start + 1 && byte >= 0x30 && byte <= 0x39)
            guard isTagByte else { return start + 1 }
            tagEnd += 1
        }
        guard tagEnd < bytes.count else { return start + 1 }
        let tag = bytes[start...tagEnd]
        var index = tagEnd + 1
        while index + tag.count <= bytes.count {
            if bytes[index..<(index + tag.count)].elementsEqual(tag) { return index + tag.count }
            index += 1
        }
        return bytes.count
    }
}
