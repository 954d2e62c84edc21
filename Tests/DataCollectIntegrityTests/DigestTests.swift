import DataCollectIntegrity
import Testing

@Suite("SHA-256 hashing")
struct DigestTests {
    @Test func theSHA256OfABCMatchesTheStandardTestVector() {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(Digest.sha256Hex(Array("abc".utf8)) == expected)
        #expect(Digest.sha256("abc".utf8).hexString == expected)
        #expect(Digest.sha256("abc".utf8).count == 32)
    }

    @Test func theSHA256OfNothingMatchesTheStandardTestVector() {
        #expect(Digest.sha256Hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// The one-shot hash the verifier uses (OpenSSL's SHA-256 on a stack context) against the
    /// FIPS 180-2 examples, including the two-block message.
    @Test func theOneShotSHA256MatchesTheStandardTestVectors() {
        let vectors = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (message, expected) in vectors {
            #expect(Hash256.sha256(Array(message.utf8)).bytes.hexString == expected)
        }
        #expect(Hash256.sha256([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)).bytes.hexString
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Every length around the 64-byte block and its 55/56-byte padding boundary, one-shot
    /// against swift-crypto's streaming hasher.
    @Test func theOneShotSHA256EqualsTheStreamingHasherAtEveryLength() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        for length in 0...bytes.count {
            let message = Array(bytes[0..<length])
            #expect(Hash256.sha256(message).bytes == Digest.sha256(message), "length \(length)")
        }
    }

    @Test(arguments: [1, 3, 7, 64, 1000])
    func streamingInPiecesEqualsHashingAtOnce(pieceSize: Int) {
        let bytes = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = StreamingSHA256()
        var start = 0
        while start < bytes.count {
            let end = min(start + pieceSize, bytes.count)
            hasher.update(bytes[start..<end])
            start = end
        }
        #expect(hasher.finalize() == Digest.sha256(bytes))
        #expect(hasher.finalizeHex() == Digest.sha256Hex(bytes))
    }

    @Test func streamingStringsAndNonContiguousSequencesEqualsHashingTheirBytes() {
        var hasher = StreamingSHA256()
        hasher.update("a")
        hasher.update("b".utf8)
        hasher.update(AnySequence([UInt8(ascii: "c")]))
        #expect(hasher.finalizeHex() == Digest.sha256Hex(Array("abc".utf8)))
    }

    @Test func finalisingLeavesTheHasherUsableAndCopiesIndependent() {
        var hasher = StreamingSHA256()
        hasher.update("ab")
        let copy = hasher
        _ = hasher.finalize()
        hasher.update("c")
        #expect(hasher.finalizeHex() == Digest.sha256Hex(Array("abc".utf8)))
        #expect(copy.finalizeHex() == Digest.sha256Hex(Array("ab".utf8)))
    }

    @Test func hexStringsAreLowercaseWithTwoCharactersPerByte() {
        #expect([0x00, 0xAB, 0x10, 0xFF].hexString == "00ab10ff")
        #expect([UInt8]().hexString == "")
    }
}
