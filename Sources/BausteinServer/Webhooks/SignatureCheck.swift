import BausteinCore
import Hummingbird

/// Checks `sha256=<hex>` signature headers (GitHub style, used by Mastodon, Meta and the generic webhook).
enum SignatureCheck {
    /// Why a request was not accepted as authentic; the raw value is the metrics label.
    enum Failure: String, Error {
        case missing = "signature_missing"
        case malformed = "signature_malformed"
        case invalid = "signature_invalid"

        var error: ServerError {
            switch self {
            case .missing: return .unauthorized(rawValue, "Signatur fehlt; nichts wurde gespeichert.")
            case .malformed: return .unauthorized(rawValue, "Signatur hat nicht die Form sha256=<hex>; nichts wurde gespeichert.")
            case .invalid: return .unauthorized(rawValue, "Signatur passt nicht zum Inhalt; nichts wurde gespeichert.")
            }
        }
    }

    /// Verifies `header` against the HMAC-SHA256 of `body` under `key`, in constant time.
    static func verify(_ header: String?, body: [UInt8], key: [UInt8]) -> Failure? {
        guard let header = header?.trimmingPrefixWhitespace(), !header.isEmpty else { return .missing }
        guard header.lowercased().hasPrefix("sha256=") else { return .malformed }
        let hex = header.dropFirst(7)
        guard hex.count == 64 else { return .malformed }
        return HMAC.isValid(hexSignature: hex, key: key, message: body) ? nil : .invalid
    }

    /// The header value for a body, as senders compute it.
    static func sign(_ body: [UInt8], key: [UInt8]) -> String {
        "sha256=" + HMAC.hex(key: key, message: body)
    }
}

extension String {
    fileprivate func trimmingPrefixWhitespace() -> String {
        String(drop(while: { $0 == " " }))
    }
}
