import Crypto

/// SHA-256 digests, HMAC-SHA256 signatures and constant-time comparison, as hex text, over swift-crypto.
///
/// Snippet versions, the audit chain, API token hashes and every webhook and delivery signature go through here,
/// so the primitives are the well-reviewed ones of swift-crypto (BoringSSL on Linux), not code of our own.
///
/// ```swift
/// let signature = "sha256=" + Hashing.hmacHex(key: Array(secret.utf8), message: body)
/// ```
public enum Hashing {
    /// The lowercase hex SHA-256 digest of some bytes.
    public static func sha256Hex<Bytes: Sequence>(of input: Bytes) -> String where Bytes.Element == UInt8 {
        Hex.encode(Array(SHA256.hash(data: Array(input))))
    }

    /// The lowercase hex SHA-256 digest of a string's UTF-8.
    public static func sha256Hex(of text: String) -> String { sha256Hex(of: Array(text.utf8)) }

    /// The 32-byte HMAC-SHA256 of `message` under `key`.
    public static func hmac<Key: Sequence, Message: Sequence>(key: Key, message: Message) -> [UInt8]
    where Key.Element == UInt8, Message.Element == UInt8 {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message), using: SymmetricKey(data: Array(key))))
    }

    /// The HMAC-SHA256 as lowercase hex, the form platforms put in their signature headers.
    public static func hmacHex<Key: Sequence, Message: Sequence>(key: Key, message: Message) -> String
    where Key.Element == UInt8, Message.Element == UInt8 {
        Hex.encode(hmac(key: key, message: message))
    }

    /// Checks a hex signature (either case) against the HMAC-SHA256 of `message`, in time independent of where
    /// they differ.
    public static func isValidSignature<Key: Sequence, Message: Sequence>(hex: some StringProtocol, key: Key, message: Message) -> Bool
    where Key.Element == UInt8, Message.Element == UInt8 {
        guard let given = Hex.decode(hex), given.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Array(message), using: SymmetricKey(data: Array(key)))
    }

    /// True when both strings have the same UTF-8 bytes, in time that reveals neither where they differ nor their
    /// lengths: their SHA-256 digests are compared, and swift-crypto compares digests in constant time.
    public static func equalInConstantTime(_ lhs: String, _ rhs: String) -> Bool {
        SHA256.hash(data: Array(lhs.utf8)) == SHA256.hash(data: Array(rhs.utf8))
    }
}
