import DataCollectIntegrity
import Testing

@Suite("Checkpoint bodies")
struct CheckpointParsingTests {
    static let root = MerkleHashing.leafHash(Array("hello world".utf8))

    @Test func aCheckpointWithExtensionLinesRoundTrips() throws {
        let checkpoint = Checkpoint(origin: "example.com/log", size: 0, rootHash: MerkleHashing.emptyRoot,
                                    extensionLines: ["a", "b c"])
        #expect(checkpoint.body == "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na\nb c\n")
        #expect(try Checkpoint(body: checkpoint.body) == checkpoint)
    }

    @Test(arguments: [
        "Log\n00\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",   // leading zero
        "Log\n+5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",   // sign
        "Log\n 5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",   // space
        "Log\n18446744073709551616\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",   // 2^64
        "Log\n5\n\n",                                                  // empty root
        "Log\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n",     // missing padding
        "Log\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n",    // non-zero trailing bits
        "Log\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n",   // empty extension line
        "Log\n5\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r\n",   // carriage return
        "",
    ])
    func malformedBodiesAreRejected(body: String) {
        #expect(throws: SignedNoteError.self) { try Checkpoint(body: body) }
    }

    @Test func theLargestSizeIsAccepted() throws {
        let checkpoint = try Checkpoint(body: "Log\n18446744073709551615\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")
        #expect(checkpoint.size == .max)
    }

    @Test func errorsReadAsSentences() {
        #expect(SignedNoteError.checkpointEmptyExtensionLine(lineNumber: 4).description
            == "Line 4 of the checkpoint is an empty extension line; extension lines must be non-empty.")
    }
}
