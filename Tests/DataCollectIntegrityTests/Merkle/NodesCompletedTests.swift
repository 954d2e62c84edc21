import DataCollectIntegrity
import Testing

/// `MerkleLog.nodesCompleted` drives a store: saving exactly the nodes it returns must give the
/// same perfect nodes, roots and proofs as the in-memory tree, at every size.
@Suite("Appending leaves node by node")
struct NodesCompletedTests {
    @Test func savingTheCompletedNodesReproducesTheInMemoryTreeAtEverySize() throws {
        let leaves = sampleLeafHashes(130)
        var store = DictionaryReader()
        var tree = InMemoryMerkleTree()
        for (position, leaf) in leaves.enumerated() {
            let index = UInt64(position)
            let nodes = try MerkleLog.nodesCompleted(byAppending: leaf, at: index, reader: store)
            #expect(nodes.first == MerkleNode(level: 0, index: index, hash: leaf))
            // One node per trailing one-bit of the index, plus the leaf.
            #expect(nodes.count == (~index).trailingZeroBitCount + 1)
            for node in nodes {
                #expect(store.nodes[.init(level: node.level, index: node.index)] == nil, "a node is never rewritten")
                store.nodes[.init(level: node.level, index: node.index)] = node.hash
            }
            tree.append(leafHash: leaf)
            for node in nodes { #expect(try tree.node(level: node.level, index: node.index) == node.hash) }
            #expect(try MerkleLog.root(size: tree.size, reader: store) == tree.root(), "size \(tree.size)")
        }
        // Every perfect node of the in-memory tree is in the store, and nothing else.
        var count = 0
        for level in 0..<8 {
            var index: UInt64 = 0
            while let hash = try? tree.node(level: level, index: index) {
                #expect(store.nodes[.init(level: level, index: index)] == hash)
                index += 1
                count += 1
            }
        }
        #expect(count == store.nodes.count)
        #expect(try MerkleLog.inclusionProof(index: 77, size: 130, reader: store)
            == MerkleLog.inclusionProof(index: 77, size: 130, reader: tree))
        #expect(try MerkleLog.consistencyProof(from: 77, to: 130, reader: store)
            == MerkleLog.consistencyProof(from: 77, to: 130, reader: tree))
    }

    @Test func appendingTheFourthLeafCompletesTwoParents() throws {
        let tree = InMemoryMerkleTree(leafHashes: sampleLeafHashes(3))
        let leaf = sampleLeafHashes(4)[3]
        let nodes = try MerkleLog.nodesCompleted(byAppending: leaf, at: 3, reader: tree)
        #expect(nodes.map(\.level) == [0, 1, 2])
        #expect(nodes.map(\.index) == [3, 1, 0])
        #expect(nodes.last?.hash == InMemoryMerkleTree(leafHashes: sampleLeafHashes(4)).root())
    }

    @Test func aMissingLeftSiblingIsReportedByTheReader() {
        #expect(throws: DictionaryReader.Missing.self) {
            try MerkleLog.nodesCompleted(byAppending: sampleLeafHashes(1)[0], at: 1, reader: DictionaryReader())
        }
    }
}
