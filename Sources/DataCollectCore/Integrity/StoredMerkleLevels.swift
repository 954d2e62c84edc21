public import DataCollectIntegrity

/// Which perfect Merkle nodes a store keeps as rows, and how it answers for the others.
///
/// - Level 0, the leaf hashes, lives once, in the leaves (`log_leaves`).
/// - Levels 1 to 3, subtrees of 2, 4 or 8 leaves, are not stored at all: a read recomputes
///   such a node from the leaf hashes under it (at most 8, one range read).
/// - Levels 4 and above, subtrees of 16 leaves or more, are stored: about one row per 8
///   leaves instead of one per leaf.
///
/// Reading a node stays cheap (proofs and appends read a few leaf hashes more), and a pass over
/// the whole log — `verify` — reads an eighth of the node rows it would otherwise read. The
/// algorithms of ``MerkleLog`` see no difference: they read nodes through the store.
///
/// ```swift
/// let stored = StoredMerkleLevels.isStored(level: 4)           // true
/// let leaves = StoredMerkleLevels.leafIndexes(under: 1...2, level: 2)  // 4...11
/// ```
public enum StoredMerkleLevels {
    /// The lowest level a store keeps rows for.
    public static let lowest = 4

    /// Whether nodes of this level are rows of the store (level 0 is kept with the leaves).
    public static func isStored(level: Int) -> Bool { level >= lowest }

    /// The indexes of the leaves under the nodes `indexes` of `level` (clamped to what a stored
    /// index can hold: leaf indexes are signed 64-bit integers in SQL).
    public static func leafIndexes(under indexes: ClosedRange<UInt64>, level: Int) -> ClosedRange<UInt64> {
        let largest = UInt64(Int64.max)
        let shift = UInt64(level)
        let first = indexes.lowerBound > largest >> shift ? largest : indexes.lowerBound << shift
        let last = indexes.upperBound >= (largest >> shift) ? largest : ((indexes.upperBound + 1) << shift) - 1
        return first...last
    }

    /// The nodes of `level` whose leaves are all in `leaves` (level-0 nodes in index order, as
    /// a range read returns them), each the root of its subtree. A node with a leaf missing is
    /// left out, as a missing row would be.
    public static func recomputed(level: Int, from leaves: [MerkleNode]) -> [MerkleNode] {
        let width = 1 << level
        var nodes: [MerkleNode] = []
        var start = 0
        while start < leaves.count {
            let index = leaves[start].index >> UInt64(level)
            var end = start
            while end < leaves.count, leaves[end].index >> UInt64(level) == index { end += 1 }
            let group = leaves[start..<end]
            if group.count == width, group.enumerated().allSatisfy({ $0.element.index == (index << UInt64(level)) + UInt64($0.offset) }) {
                nodes.append(MerkleNode(level: level, index: index, hash: subtreeRoot(group.map(\.hash))))
            }
            start = end
        }
        return nodes
    }

    /// The root of a perfect subtree from its leaf hashes (a power of two of them).
    private static func subtreeRoot(_ hashes: [[UInt8]]) -> [UInt8] {
        var level = hashes
        while level.count > 1 {
            level = stride(from: 0, to: level.count, by: 2).map { MerkleHashing.nodeHash(level[$0], level[$0 + 1]) }
        }
        return level[0]
    }
}
