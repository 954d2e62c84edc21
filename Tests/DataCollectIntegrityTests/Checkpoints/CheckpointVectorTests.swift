import DataCollectIntegrity
import Testing

/// The published tlog-checkpoint vectors (transparency-dev/formats, golang.org/x/mod/sumdb/tlog).
@Suite("Published checkpoint vectors")
struct CheckpointVectorTests {
    static func section() throws -> JSONValue { try VectorFixture.section("published_checkpoint_vectors") }

    /// The root of a marshal case: ASCII bytes, or the hex after "= " in a described hash.
    static func rootHash(_ vector: JSONValue) throws -> [UInt8] {
        if let ascii = vector["hash_ascii"]?.stringValue { return Array(ascii.utf8) }
        let described = try vector.string("hash")
        guard let hex = described.split(separator: "= ").last else {
            throw VectorFixture.Failure(description: "unreadable hash \(described)")
        }
        return try [UInt8](hexString: String(hex))
    }

    @Test func theThreeMarshalCasesProduceThePublishedBodiesByteForByte() throws {
        let cases = try Self.section().array("marshal_cases")
        #expect(cases.count == 3)
        for vector in cases {
            let checkpoint = Checkpoint(origin: try vector.string("origin"), size: try vector.uint64("size"),
                                        rootHash: try Self.rootHash(vector))
            let expected = try vector.string("expected_body")
            #expect(Array(checkpoint.body.utf8) == Array(expected.utf8))
            #expect(try Checkpoint(body: expected) == checkpoint)
        }
    }

    @Test func theGoSumDatabaseRootIsTheLeafHashOfHelloWorld() throws {
        let vector = try Self.section().array("marshal_cases")[2]
        #expect(try Self.rootHash(vector) == MerkleHashing.leafHash(Array("hello world".utf8)))
    }

    @Test func theSevenMustRejectBodiesAreRejected() throws {
        let cases = try Self.section().array("must_reject_bodies")
        #expect(cases.count == 7)
        for vector in cases {
            let body = try vector.string("body"), why = try vector.string("why")
            #expect(throws: SignedNoteError.self, "\(why)") { try Checkpoint(body: body) }
        }
    }

    @Test func eachMustRejectBodyFailsForThePublishedReason() throws {
        let expected: [String: SignedNoteError] = [
            "insufficient lines": .checkpointTooFewLines(2),
            "empty origin": .checkpointEmptyOrigin,
            "missing final newline": .textDoesNotEndWithNewline,
            "size not a number": .checkpointInvalidSize("bananas"),
            "negative size": .checkpointInvalidSize("-34"),
            "size overflows uint64": .checkpointInvalidSize("3438945738945739845734895735"),
            "root not base64": .checkpointInvalidRootHash("ThisIsn'tBase64"),
        ]
        for vector in try Self.section().array("must_reject_bodies") {
            let why = try vector.string("why")
            let body = try vector.string("body")
            let error = try #require(expected[why])
            #expect(throws: error) { try Checkpoint(body: body) }
        }
    }

    /// transparency-dev/formats returns the lines after the root as "rest"; here they are the
    /// extension lines, and the body round-trips.
    @Test func trailingDataIsAcceptedAsExtensionLines() throws {
        let cases = try Self.section().array("accept_with_rest")
        #expect(cases.count == 1)
        for vector in cases {
            let body = try vector.string("body")
            let checkpoint = try Checkpoint(body: body)
            #expect(checkpoint.origin == "Log")
            #expect(checkpoint.size == 9944)
            #expect(checkpoint.rootHash == Array("the view from the tree tops is great!".utf8))
            #expect(checkpoint.extensionLines.map { $0 + "\n" }.joined() == (try vector.string("rest")))
            #expect(checkpoint.body == body)
        }
    }

    /// tlog-cosignature: the signature blob is key ID (4) ‖ big-endian u64 timestamp ‖ signature.
    @Test func theCosignatureTimestampIsReadFromAParsedSignatureLine() throws {
        let vector = try Self.section().field("cosignature_timestamp_case")
        let note = try SignedNote(parsing: "Log\n1\nYmFuYW5hcw==\n\n\u{2014} witness \(try vector.string("sig_b64"))\n")
        let signature = try #require(note.signatures.first)
        #expect(signature.keyID.count == 4)
        let timestamp = signature.signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(timestamp == (try vector.uint64("expected_timestamp")))
        #expect(signature.signature.count == 8 + 64)
    }
}
