import DataCollectCore
import DataCollectIntegrity
import Testing

/// Nodes below level 4 are recomputed from the leaf hashes under them: a node is given only
/// when every one of its leaves is there, and leaf ranges never overflow what SQL can bind.
@Suite("Merkle nodes recomputed from the leaves")
struct StoredMerkleLevelsTests {
    static let leaves = (0..<8).map { MerkleNode(level: 0, index: UInt64($0), hash: MerkleHashing.leafHash([UInt8($0)])) }

    @Test func onlyLevelsFromFourUpAreRows() {
        #expect((0...3).allSatisfy { !StoredMerkleLevels.isStored(level: $0) })
        #expect((4...63).allSatisfy { StoredMerkleLevels.isStored(level: $0) })
    }

    @Test func eachNodeIsTheRootOfItsLeaves() throws {
        var tree = InMemoryMerkleTree()
        for leaf in Self.leaves { tree.append(leafHash: leaf.hash) }
        for level in 1...3 {
            let nodes = StoredMerkleLevels.recomputed(level: level, from: Self.leaves)
            #expect(nodes.map(\.index) == Array(0..<(8 >> UInt64(level))))
            for node in nodes {
                #expect(node.level == level)
                #expect(node.hash == (try tree.node(level: level, index: node.index)))
            }
        }
    }

    @Test("a node with a leaf missing is left out, as a missing row would be")
    func aMissingLeafLeavesItsNodesOut() {
        let gap = Self.leaves.filter { $0.index != 5 }
        #expect(StoredMerkleLevels.recomputed(level: 1, from: gap).map(\.index) == [0, 1, 3])
        #expect(StoredMerkleLevels.recomputed(level: 2, from: gap).map(\.index) == [0])
        #expect(StoredMerkleLevels.recomputed(level: 3, from: gap).isEmpty)
        // Leaves that do not start a node (a range read starting mid-node) give none for it.
        #expect(StoredMerkleLevels.recomputed(level: 1, from: Array(Self.leaves[3...])).map(\.index) == [2, 3])
    }

    @Test func leafRangesStayWithinWhatSQLCanBind() {
        #expect(StoredMerkleLevels.leafIndexes(under: 1...2, level: 2) == 4...11)
        #expect(StoredMerkleLevels.leafIndexes(under: 0...0, level: 3) == 0...7)
        let largest = UInt64(Int64.max)
        #expect(StoredMerkleLevels.leafIndexes(under: 0...UInt64.max, level: 3) == 0...largest)
        #expect(StoredMerkleLevels.leafIndexes(under: UInt64.max...UInt64.max, level: 1) == largest...largest)
    }
}
