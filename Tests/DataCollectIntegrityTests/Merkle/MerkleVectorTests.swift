import DataCollectIntegrity
import Testing

/// The published RFC 6962 known-answer tests: hasher units, the 8-leaf reference tree,
/// inclusion and consistency proofs (transparency-dev/merkle, Trillian, certificate-transparency).
@Suite("Published RFC 6962 vectors")
struct MerkleVectorTests {
    static func referenceTree() throws -> (inputs: [[UInt8]], tree: InMemoryMerkleTree) {
        let inputs = try VectorFixture.section("published_reference_tree").hexList("leaf_inputs_hex")
        return (inputs, InMemoryMerkleTree(leafHashes: inputs.map(MerkleHashing.leafHash)))
    }

    @Test func theFourHasherUnitVectorsAreReproduced() throws {
        let cases = try VectorFixture.section("published_hasher_unit_vectors").array("cases")
        #expect(cases.count == 4)
        for vector in cases {
            let expected = try vector.string("expected"), description = try vector.string("desc")
            let actual: [UInt8]
            switch description {
            case "empty tree root": actual = MerkleHashing.emptyRoot
            case "hash of empty leaf": actual = MerkleHashing.leafHash([])
            case "leaf": actual = MerkleHashing.leafHash(try vector.hex("input_hex"))
            case "node": actual = MerkleHashing.nodeHash(try vector.hex("left_hex"), try vector.hex("right_hex"))
            case let other: throw VectorFixture.Failure(description: "unknown hasher vector \(other)")
            }
            #expect(actual.hexString == expected, "\(description)")
        }
    }

    @Test func theReferenceTreeHasThePublishedLeafHashes() throws {
        let section = try VectorFixture.section("published_reference_tree")
        let (inputs, tree) = try Self.referenceTree()
        let expected = try section.hexList("leaf_hashes")
        #expect(inputs.count == 8 && expected.count == 8)
        #expect(inputs.map(MerkleHashing.leafHash) == expected)
        #expect(try (0..<8).map { try tree.node(level: 0, index: UInt64($0)) } == expected)
    }

    @Test func theReferenceTreeHasThePublishedNodeHashesAtEveryLevel() throws {
        let levels = try VectorFixture.section("published_reference_tree").field("node_hashes_by_level").array("levels")
        let tree = try Self.referenceTree().tree
        #expect(levels.map { $0.arrayValue?.count } == [8, 4, 2, 1])
        for (level, hashes) in levels.enumerated() {
            for (index, hash) in (hashes.arrayValue ?? []).enumerated() {
                #expect(try tree.node(level: level, index: UInt64(index)).hexString == hash.stringValue)
            }
            #expect(throws: MerkleProofError.self) { try tree.node(level: level, index: UInt64(hashes.arrayValue?.count ?? 0)) }
        }
    }

    @Test func everyPrefixOfTheReferenceTreeHasThePublishedRoot() throws {
        let roots = try VectorFixture.section("published_reference_tree").field("roots_by_tree_size")
        let (inputs, tree) = try Self.referenceTree()
        #expect(roots.objectValue?.count == 9)
        for size in 0...8 {
            let expected = try roots.string(String(size))
            #expect(try MerkleLog.root(size: UInt64(size), reader: tree).hexString == expected)
            let prefix = InMemoryMerkleTree(leafHashes: inputs.prefix(size).map(MerkleHashing.leafHash))
            #expect(prefix.root().hexString == expected)
        }
    }

    @Test func theLevelCountsOfCertificateTransparencyMatchTheTreeHeight() throws {
        let counts = try VectorFixture.section("published_reference_tree").field("level_counts_by_tree_size").field("values")
        let tree = try Self.referenceTree().tree
        #expect(counts.objectValue?.count == 9)
        for size in 0...8 {
            // The leftmost leaf's audit path climbs every level but the leaves'.
            let height = size == 0 ? 0 : try MerkleLog.inclusionProof(index: 0, size: UInt64(size), reader: tree).count + 1
            #expect(UInt64(height) == (try counts.uint64(String(size))), "size \(size)")
        }
    }

    @Test func theFivePublishedInclusionProofsAreGeneratedAndVerify() throws {
        let cases = try VectorFixture.section("published_inclusion_proofs").array("cases")
        let tree = try Self.referenceTree().tree
        #expect(cases.count == 5)
        for vector in cases {
            let index = try vector.uint64("leaf_index"), size = try vector.uint64("tree_size")
            let leafHash = try vector.hex("leaf_hash"), root = try vector.hex("root"), proof = try vector.hexList("proof")
            #expect(MerkleHashing.leafHash(try vector.hex("leaf_input_hex")) == leafHash)
            #expect(try MerkleLog.inclusionProof(index: index, size: size, reader: tree) == proof)
            #expect(try MerkleLog.root(size: size, reader: tree) == root)
            #expect(throws: Never.self) {
                try MerkleVerification.verifyInclusion(leafHash: leafHash, index: index, size: size, proof: proof, root: root)
            }
        }
    }

    @Test func theFivePublishedConsistencyProofsAreGeneratedAndVerify() throws {
        let cases = try VectorFixture.section("published_consistency_proofs").array("cases")
        let tree = try Self.referenceTree().tree
        #expect(cases.count == 5)
        for vector in cases {
            let from = try vector.uint64("size1"), to = try vector.uint64("size2")
            let fromRoot = try vector.hex("root1"), toRoot = try vector.hex("root2"), proof = try vector.hexList("proof")
            #expect(try MerkleLog.root(size: from, reader: tree) == fromRoot)
            #expect(try MerkleLog.root(size: to, reader: tree) == toRoot)
            #expect(try MerkleLog.consistencyProof(from: from, to: to, reader: tree) == proof, "\(from) → \(to)")
            #expect(throws: Never.self) {
                try MerkleVerification.verifyConsistency(from: from, to: to, proof: proof, fromRoot: fromRoot, toRoot: toRoot)
            }
        }
    }

    /// C2SP tlog-tiles: tile entries at tile level l are the perfect nodes of Merkle level 8·l.
    @Test func theTileLayoutOfA70000LeafTreeMatchesTheTlogTilesExample() throws {
        let section = try VectorFixture.section("published_tile_layout_example")
        let size = try section.uint64("example_tree_size")
        let tree = InMemoryMerkleTree(leafHashes: sampleLeafHashes(Int(size)))
        let expected = try section.array("expected")
        #expect(expected.count == 3)
        for entry in expected {
            let tileLevel = try entry.uint64("level")
            let merkleLevel = Int(tileLevel * 8)
            // Count the complete nodes at this level through the reader interface.
            var complete: UInt64 = 0
            while (try? tree.node(level: merkleLevel, index: complete)) != nil { complete += 1 }
            #expect(complete / 256 == (try entry.uint64("full_tiles")), "tile level \(tileLevel)")
            #expect(complete % 256 == (try entry.uint64("partial_width")), "tile level \(tileLevel)")
        }
    }
}
