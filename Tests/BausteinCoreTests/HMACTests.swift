import BausteinCore
import Testing

/// Webhook and delivery signatures rely on HMAC-SHA256 being the real thing: RFC 4231's test cases
/// (test case 5, the truncated output, does not apply to full-length signatures).
@Suite("HMAC-SHA256")
struct HMACTests {
    static let cases: [(name: String, key: [UInt8], message: [UInt8], hex: String)] = [
        ("RFC 4231 case 1", [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        ("RFC 4231 case 2 (short key)", Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("RFC 4231 case 3", [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("RFC 4231 case 4", Array(1...25), [UInt8](repeating: 0xcd, count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        ("RFC 4231 case 6 (key longer than a block)", [UInt8](repeating: 0xaa, count: 131),
         Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        ("RFC 4231 case 7 (key and data longer than a block)", [UInt8](repeating: 0xaa, count: 131),
         Array(
            "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                .utf8),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test("RFC 4231 test vectors", arguments: 0..<6)
    func vectors(index: Int) {
        let vector = Self.cases[index]
        #expect(Hashing.hmacHex(key: vector.key, message: vector.message) == vector.hex, "\(vector.name)")
    }

    @Test("a signature is accepted in either case and refused when one bit differs")
    func validation() {
        let key = Array("geheim".utf8)
        let body = Array(#"{"id":"1"}"#.utf8)
        let hex = Hashing.hmacHex(key: key, message: body)
        #expect(Hashing.isValidSignature(hex: Substring(hex), key: key, message: body))
        #expect(Hashing.isValidSignature(hex: Substring(hex.uppercased()), key: key, message: body))
        var flipped = Hex.decode(hex)!
        flipped[31] ^= 1
        #expect(!Hashing.isValidSignature(hex: Substring(Hex.encode(flipped)), key: key, message: body))
        #expect(!Hashing.isValidSignature(hex: "zz", key: key, message: body))
        #expect(!Hashing.isValidSignature(hex: Substring(hex.dropLast(2)), key: key, message: body))
    }

    @Test("constant-time comparison compares content and length")
    func constantTime() {
        #expect(Hashing.equalInConstantTime("token", "token"))
        #expect(!Hashing.equalInConstantTime("token", "tokeN"))
        #expect(!Hashing.equalInConstantTime("token", "token2"))
    }
}
