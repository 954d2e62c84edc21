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
