import DataCollectIntegrity
import Testing

/// The accumulated subtree vectors of draft-ietf-plants-merkle-tree-certs Appendix C.1
/// (as carried by transparency-dev/merkle): every line of every valid subtree of a 130-leaf
/// tree (leaf i = the byte i) is fed into one running SHA-256 compared with the published digest.
///
/// Loops are inclusive, as the vectors file's published digests require: `end` in 0…130,
/// `start` in 0…end (so empty ranges [e, e) are included and hash to SHA-256("")).
@Suite("Published accumulated subtree vectors")
struct AccumulatedVectorTests {
    static let leafCount = 130
    static let leaves = (0..<leafCount).map { MerkleHashing.leafHash([UInt8($0)]) }

    static func expectedDigest(_ name: String) throws -> String {
        let cases = try VectorFixture.section("published_accumulated_vectors").array("cases")
        guard let match = cases.first(where: { $0["name"]?.stringValue == name }) else {
            throw VectorFixture.Failure(description: "no accumulated case \(name)")
        }
        return try match.string("expected_sha256")
    }

    /// bit_ceil(n): the smallest power of two ≥ n, with bit_ceil(0) = 1.
    static func bitCeil(_ n: Int) -> Int {
        var value = 1
        while value < n { value *= 2 }
        return value
    }

    static func isValid(_ start: Int, _ end: Int) -> Bool {
        start <= end && (start == 0 || start == end || start % bitCeil(end - start) == 0)
    }

    static func validSubtrees(upTo limit: Int) -> [(start: Int, end: Int)] {
        (0...limit).flatMap { end in (0...end).filter { isValid($0, end) }.map { ($0, end) } }
    }

    static func line(_ prefix: String, _ proof: [[UInt8]]) -> String {
        prefix + proof.map { " " + $0.hexString }.joined() + "\n"
    }

    /// Subtree hashes come from the library: `MerkleLog.root` over the tree's nodes shifted by `start`.
    @Test func subtreeHashesOfEveryValidRangeMatchThePublishedDigest() throws {
        let tree = InMemoryMerkleTree(leafHashes: Self.leaves)
        var digest = StreamingSHA256()
        for (start, end) in Self.validSubtrees(upTo: Self.leafCount) {
            let reader = OffsetReader(base: tree, offset: UInt64(start))
            let hash = try MerkleLog.root(size: UInt64(end - start), reader: reader)
            #expect(hash == ReferenceMerkle.mth(Self.leaves[start..<end]))
            digest.update("[\(start), \(end)) \(hash.hexString)\n")
        }
        #expect(digest.finalizeHex() == (try Self.expectedDigest("subtree_hashes")))
    }

    /// Subtree inclusion proofs are RFC 6962 PATHs inside the subtree: the library generates them
    /// through the shifted reader (with start = 0 these are all proofs of trees of 1…130 leaves).
    @Test func subtreeInclusionProofsMatchThePublishedDigest() throws {
        let tree = InMemoryMerkleTree(leafHashes: Self.leaves)
        var digest = StreamingSHA256()
        for (start, end) in Self.validSubtrees(upTo: Self.leafCount) {
            let reader = OffsetReader(base: tree, offset: UInt64(start))
            for index in start..<end {
                let proof = try MerkleLog.inclusionProof(index: UInt64(index - start), size: UInt64(end - start), reader: reader)
                digest.update(Self.line("\(index) [\(start), \(end))", proof))
            }
        }
        #expect(digest.finalizeHex() == (try Self.expectedDigest("subtree_inclusion_proofs")))
    }

    /// Lines with start = 0 are RFC 6962 PROOF(end, D[n]) and come from the library; the draft's
    /// subtree consistency proofs for start > 0 have no RFC 6962 counterpart and come from the
    /// test's reference transcription.
    @Test func subtreeConsistencyProofsMatchThePublishedDigest() throws {
        let tree = InMemoryMerkleTree(leafHashes: Self.leaves)
        var digest = StreamingSHA256()
        var cache: [Range<Int>: [UInt8]] = [:]
        func referenceHash(_ range: Range<Int>) -> [UInt8] {
            if let hash = cache[range] { return hash }
            let hash = ReferenceMerkle.mth(Self.leaves[range])
            cache[range] = hash
            return hash
        }
        for size in 0...Self.leafCount {
            for (start, end) in Self.validSubtrees(upTo: size) {
                let proof: [[UInt8]]
                if start == end {
                    proof = []
                } else if start == 0 {
                    proof = try MerkleLog.consistencyProof(from: UInt64(end), to: UInt64(size), reader: tree)
                } else {
                    proof = ReferenceMerkle.subtreeConsistency(start, end, 0..<size, true, hash: referenceHash)
                }
                digest.update(Self.line("[\(start), \(end)) \(size)", proof))
            }
        }
        #expect(digest.finalizeHex() == (try Self.expectedDigest("subtree_consistency_proofs")))
    }
}
