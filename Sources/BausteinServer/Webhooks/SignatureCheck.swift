import BausteinCore
import Hummingbird

/// Checks `sha256=<hex>` signature headers (GitHub style, used by Mastodon, Meta and the generic webhook).
enum SignatureCheck {
    /// Why a request was not accepted as authentic; the raw value is the metrics label.
    enum Failure: String, Error {
        case missing = "signature_missing"
        case malformed = "signature_malformed"
        case invalid = "signature_invalid"
        /// A person's API token on an intake route: tokens for people act on the queue, not as a message source.
        case personToken = "token_not_for_intake"

        var error: ServerError {
            switch self {
            case .missing: return .unauthorized(rawValue, "Signatur fehlt; nichts wurde gespeichert.")
            case .malformed: return .unauthorized(rawValue, "Signatur hat nicht die Form sha256=<hex>; nichts wurde gespeichert.")
            case .invalid: return .unauthorized(rawValue, "Signatur oder Token passt nicht; nichts wurde gespeichert.")
            case .personToken:
                return ServerError(
                    .forbidden, code: rawValue,
                    message: "Persönliche API-Token dürfen keine Nachrichten einliefern; ein Intake-Token anlegen (baustein token new NAME --intake) oder signieren.")
            }
        }
    }

    /// Verifies `header` against the HMAC-SHA256 of `body` under `key`, in constant time.
    static func verify(_ header: String?, body: [UInt8], key: [UInt8]) -> Failure? {
        guard let header = header?.trimmingPrefixWhitespace(), !header.isEmpty else { return .missing }
        guard header.lowercased().hasPrefix("sha256=") else { return .malformed }
        let hex = header.dropFirst(7)
        guard hex.count == 64 else { return .malformed }
        return Hashing.isValidSignature(hex: hex, key: key, message: body) ? nil : .invalid
    }

    /// The header value for a body, as senders compute it.
    static func sign(_ body: [UInt8], key: [UInt8]) -> String {
        "sha256=" + Hashing.hmacHex(key: key, message: body)
    }
}

extension String {
    fileprivate func trimmingPrefixWhitespace() -> String {
        String(drop(while: { $0 == " " }))
    }
}
