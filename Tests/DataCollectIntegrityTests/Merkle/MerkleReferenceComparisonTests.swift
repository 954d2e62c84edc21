import DataCollectIntegrity
import Testing

/// The library's O(log n) algorithms against the recursive RFC 6962 §2.1 transcription.
@Suite("Merkle log against the RFC 6962 reference")
struct MerkleReferenceComparisonTests {
    static let leaves = sampleLeafHashes(70)
    static let tree = InMemoryMerkleTree(leafHashes: leaves)

    @Test func rootsOfEverySizeUpTo70MatchTheReferenceTheInMemoryTreeAndTheReader() throws {
        var growing = InMemoryMerkleTree()
        for size in 0...70 {
            let expected = ReferenceMerkle.mth(Self.leaves[..<size])
            #expect(growing.size == UInt64(size))
            #expect(growing.root() == expected, "size \(size)")
            #expect(try MerkleLog.root(size: UInt64(size), reader: Self.tree) == expected, "size \(size)")
            #expect(try MerkleLog.root(size: UInt64(size), reader: growing) == expected, "size \(size)")
            if size < 70 { growing.append(leafHash: Self.leaves[size]) }
        }
    }

    @Test(arguments: 1...64)
    func inclusionProofsForEveryIndexEqualTheReferenceAndVerify(size: Int) throws {
        let root = ReferenceMerkle.mth(Self.leaves[..<size])
        for index in 0..<size {
            let proof = try MerkleLog.inclusionProof(index: UInt64(index), size: UInt64(size), reader: Self.tree)
            #expect(proof == ReferenceMerkle.path(index, Self.leaves[..<size]), "index \(index)")
            #expect(throws: Never.self) {
                try MerkleVerification.verifyInclusion(leafHash: Self.leaves[index], index: UInt64(index),
                                                       size: UInt64(size), proof: proof, root: root)
            }
            #expect(try MerkleVerification.rootFromInclusionProof(leafHash: Self.leaves[index], index: UInt64(index),
                                                                  size: UInt64(size), proof: proof) == root)
        }
    }

    @Test(arguments: 1...64)
    func consistencyProofsFromEverySmallerSizeEqualTheReferenceAndVerify(to: Int) throws {
        let toRoot = ReferenceMerkle.mth(Self.leaves[..<to])
        for from in 1...to {
            let proof = try MerkleLog.consistencyProof(from: UInt64(from), to: UInt64(to), reader: Self.tree)
            #expect(proof == ReferenceMerkle.proof(from, Self.leaves[..<to]), "\(from) → \(to)")
            let fromRoot = ReferenceMerkle.mth(Self.leaves[..<from])
            #expect(throws: Never.self) {
                try MerkleVerification.verifyConsistency(from: UInt64(from), to: UInt64(to), proof: proof,
                                                         fromRoot: fromRoot, toRoot: toRoot)
            }
        }
    }

    @Test(arguments: [1, 2, 3, 5, 7, 8, 13, 32, 33, 64])
    func tamperedInclusionProofsAreRejected(size: Int) throws {
        let root = ReferenceMerkle.mth(Self.leaves[..<size])
        for index in 0..<size {
            let proof = try MerkleLog.inclusionProof(index: UInt64(index), size: UInt64(size), reader: Self.tree)
            let ownLeaf = Self.leaves[index]
            func rejects(_ proof: [[UInt8]], index: Int = index, size: Int = size, leaf: [UInt8]? = nil, root: [UInt8] = root) -> Bool {
                (try? MerkleVerification.verifyInclusion(leafHash: leaf ?? ownLeaf, index: UInt64(index),
                                                         size: UInt64(size), proof: proof, root: root)) == nil
            }
            for position in proof.indices {
                for bit in [0, 7, 255] {
                    var tampered = proof
                    tampered[position][bit / 8] ^= UInt8(1) << UInt8(bit % 8)
                    #expect(rejects(tampered), "flipped bit \(bit) of element \(position), index \(index) of \(size)")
                }
            }
            if !proof.isEmpty { #expect(rejects(Array(proof.dropLast())), "dropped last, index \(index) of \(size)") }
            if !proof.isEmpty { #expect(rejects(Array(proof.dropFirst())), "dropped first, index \(index) of \(size)") }
            #expect(rejects(proof + [root]), "appended root, index \(index) of \(size)")
            #expect(rejects([root] + proof), "prepended root, index \(index) of \(size)")
            #expect(rejects(proof, leaf: Self.leaves[(index + 1) % 70]), "wrong leaf, index \(index) of \(size)")
            #expect(rejects(proof, root: Self.leaves[0] == root ? Self.leaves[1] : Self.leaves[0]), "wrong root")
            #expect(rejects(proof, index: index + size), "index beyond size, index \(index) of \(size)")
            // Within one tree every index has its own path shape, so a wrong index always fails.
            for other in 0..<size where other != index {
                #expect(rejects(proof, index: other), "claimed index \(other) instead of \(index) of \(size)")
            }
            // Claimed against the true root of another size, the proof passes only if it literally
            // is that size's proof (a 3-leaf proof for leaf 0 is also the 4-leaf proof shape).
            for otherSize in [size + 1, size + 2, size * 2] where otherSize <= 70 {
                let otherRoot = ReferenceMerkle.mth(Self.leaves[..<otherSize])
                let same = proof == ReferenceMerkle.path(index, Self.leaves[..<otherSize])
                #expect(rejects(proof, size: otherSize, root: otherRoot) == !same, "size \(otherSize) instead of \(size)")
            }
        }
    }

    @Test(arguments: [2, 3, 5, 7, 8, 13, 32, 33, 64])
    func tamperedConsistencyProofsAreRejected(to: Int) throws {
        let toRoot = ReferenceMerkle.mth(Self.leaves[..<to])
        for from in 1..<to {
            let fromRoot = ReferenceMerkle.mth(Self.leaves[..<from])
            let proof = try MerkleLog.consistencyProof(from: UInt64(from), to: UInt64(to), reader: Self.tree)
            func rejects(_ proof: [[UInt8]], from: Int = from, to: Int = to, fromRoot: [UInt8] = fromRoot, toRoot: [UInt8] = toRoot) -> Bool {
                (try? MerkleVerification.verifyConsistency(from: UInt64(from), to: UInt64(to), proof: proof,
                                                           fromRoot: fromRoot, toRoot: toRoot)) == nil
            }
            for position in proof.indices {
                var tampered = proof
                tampered[position][31] ^= 0x01
                #expect(rejects(tampered), "flipped element \(position), \(from) → \(to)")
            }
            #expect(rejects(Array(proof.dropLast())), "dropped last, \(from) → \(to)")
            #expect(rejects(proof + [toRoot]), "appended, \(from) → \(to)")
            #expect(rejects([fromRoot] + proof), "prepended, \(from) → \(to)")
            #expect(rejects(proof, fromRoot: toRoot, toRoot: fromRoot), "swapped roots, \(from) → \(to)")
            #expect(rejects(proof, from: to, to: from), "sizes reversed, \(from) → \(to)")
            #expect(rejects(proof, from: 0), "from the empty tree, \(from) → \(to)")
            // Claimed for other sizes (with their true roots), the proof passes only if it
            // literally is the proof for those sizes.
            for (otherFrom, otherTo) in [(from + 1, to), (from, to + 1), (from - 1, to), (from, to - 1)]
            where otherFrom >= 1 && otherFrom < otherTo && otherTo <= 70 && (otherFrom, otherTo) != (from, to) {
                let same = proof == ReferenceMerkle.proof(otherFrom, Self.leaves[..<otherTo])
                let accepted = !rejects(proof, from: otherFrom, to: otherTo,
                                        fromRoot: ReferenceMerkle.mth(Self.leaves[..<otherFrom]),
                                        toRoot: ReferenceMerkle.mth(Self.leaves[..<otherTo]))
                #expect(accepted == same, "claimed \(otherFrom) → \(otherTo) instead of \(from) → \(to)")
            }
        }
    }

    @Test func generatorsRejectImpossibleArguments() throws {
        #expect(throws: MerkleProofError.indexBeyondSize(index: 5, size: 5)) {
            try MerkleLog.inclusionProof(index: 5, size: 5, reader: Self.tree)
        }
        #expect(throws: MerkleProofError.sizesOutOfOrder(from: 6, to: 5)) {
            try MerkleLog.consistencyProof(from: 6, to: 5, reader: Self.tree)
        }
        #expect(throws: MerkleProofError.nodeUnavailable(level: 0, index: 70)) {
            try MerkleLog.root(size: 71, reader: Self.tree)
        }
        #expect(try MerkleLog.consistencyProof(from: 0, to: 9, reader: Self.tree).isEmpty)
        #expect(try MerkleLog.consistencyProof(from: 9, to: 9, reader: Self.tree).isEmpty)
    }

    @Test func verifiersNameWhatIsWrong() {
        let proof = (try? MerkleLog.inclusionProof(index: 2, size: 5, reader: Self.tree)) ?? []
        let root = ReferenceMerkle.mth(Self.leaves[..<5])
        #expect(throws: MerkleProofError.wrongProofLength(expected: 3, actual: 2)) {
            try MerkleVerification.verifyInclusion(leafHash: Self.leaves[2], index: 2, size: 5, proof: Array(proof.prefix(2)), root: root)
        }
        #expect(throws: MerkleProofError.wrongHashLength(what: "leaf hash", length: 3)) {
            try MerkleVerification.verifyInclusion(leafHash: [1, 2, 3], index: 2, size: 5, proof: proof, root: root)
        }
        #expect(throws: MerkleProofError.rootMismatch(index: 2, size: 5)) {
            try MerkleVerification.verifyInclusion(leafHash: Self.leaves[3], index: 2, size: 5, proof: proof, root: root)
        }
        #expect(throws: MerkleProofError.consistencyFromEmptyTree(to: 5)) {
            try MerkleVerification.verifyConsistency(from: 0, to: 5, proof: [], fromRoot: MerkleHashing.emptyRoot, toRoot: root)
        }
        #expect(throws: MerkleProofError.differentRootsForSameSize(size: 5)) {
            try MerkleVerification.verifyConsistency(from: 5, to: 5, proof: [], fromRoot: root, toRoot: Self.leaves[0])
        }
        #expect(MerkleProofError.indexBeyondSize(index: 5, size: 3).description == "Leaf index 5 is not in a tree of 3 leaves.")
    }
}
