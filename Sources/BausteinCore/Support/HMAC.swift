/// HMAC-SHA256 (RFC 2104) over the project's own ``SHA256``, for webhook and delivery signatures.
///
/// ```swift
/// let signature = "sha256=" + HMAC.hex(key: Array(secret.utf8), message: body)
/// ```
public enum HMAC {
    private static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    public static func sha256<Key: Collection, Message: Collection>(key: Key, message: Message) -> [UInt8]
    where Key.Element == UInt8, Message.Element == UInt8 {
        var block = key.count > blockSize ? SHA256.digest(key) : Array(key)
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        var inner = block.map { $0 ^ 0x36 }
        inner.append(contentsOf: message)
        var outer = block.map { $0 ^ 0x5c }
        outer += SHA256.digest(inner)
        return SHA256.digest(outer)
    }

    /// The authentication code as lowercase hex, the form platforms put in their signature headers.
    public static func hex<Key: Collection, Message: Collection>(key: Key, message: Message) -> String
    where Key.Element == UInt8, Message.Element == UInt8 {
        Hex.encode(sha256(key: key, message: message))
    }

    /// Checks a hex signature (either case) against the code of `message`, in time independent of where they differ.
    public static func isValid<Key: Collection, Message: Collection>(hexSignature: Substring, key: Key, message: Message) -> Bool
    where Key.Element == UInt8, Message.Element == UInt8 {
        guard let given = Hex.decode(hexSignature), given.count == 32 else { return false }
        return ConstantTime.equals(given, sha256(key: key, message: message))
    }
}
