import BausteinCore
import Testing

/// Snippet versions and the audit trail rely on SHA-256 (swift-crypto, through ``Hashing``), checked against the
/// published FIPS 180-4 test vectors and against padding boundaries computed with `sha256sum`.
@Suite("SHA-256")
struct SHA256Tests {
    @Test("the empty string")
    func emptyString() {
        #expect(Hashing.sha256Hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("\"abc\" (one block)")
    func abc() {
        #expect(Hashing.sha256Hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("the 448-bit message (two blocks)")
    func twoBlocks() {
        #expect(
            Hashing.sha256Hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("one million times \"a\"")
    func millionA() {
        let input = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hashing.sha256Hex(of: input) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(
        "lengths around the 56- and 64-byte padding boundaries",
        arguments: [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        ])
    func paddingBoundaries(length: Int, expected: String) {
        #expect(Hashing.sha256Hex(of: String(repeating: "a", count: length)) == expected)
    }

    @Test("text is hashed as UTF-8")
    func utf8() {
        #expect(Hashing.sha256Hex(of: "Führerschein") == "b64c9c6e5a0fcd0653066e43c1ce1a153a8f2a261089d4e37687d97939ff3d20")
        #expect(Hashing.sha256Hex(of: Array("abc".utf8)).count == 64)
    }
}
