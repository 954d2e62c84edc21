/// Algorithms over an append-only RFC 6962 / RFC 9162 Merkle log whose perfect-subtree hashes
/// are read through a ``MerkleNodeReader``.
///
/// Every operation reads O(log n) nodes and never reads leaf inputs or rebuilds the tree.
///
/// ```swift
/// var tree = InMemoryMerkleTree()
/// for value in 0..<5 { tree.append(leafHash: MerkleHashing.leafHash([UInt8(value)])) }
/// let root = try MerkleLog.root(size: 5, reader: tree)
/// let proof = try MerkleLog.inclusionProof(index: 2, size: 5, reader: tree)
/// try MerkleVerification.verifyInclusion(leafHash: MerkleHashing.leafHash([2]), index: 2, size: 5,
///                                        proof: proof, root: root)
/// ```
public enum MerkleLog {
    /// The perfect-subtree nodes completed by appending the leaf at position `index`
    /// (the tree size before the append).
    ///
    /// The first element is always `(0, index, leafHash)`, followed by each parent that the
    /// append completes, lowest first. A store saves them all; the next appends then find the
    /// left siblings they need. Reads one node per completed parent.
    ///
    /// ```swift
    /// // Appending the 4th leaf (index 3) completes [2,4) and [0,4):
    /// let nodes = try MerkleLog.nodesCompleted(byAppending: leaf, at: 3, reader: store)
    /// nodes.map(\.level)   // [0, 1, 2]
    /// ```
    public static func nodesCompleted(
        byAppending leafHash: [UInt8], at index: UInt64, reader: some MerkleNodeReader
    ) throws -> [MerkleNode] {
        var nodes = [MerkleNode(level: 0, index: index, hash: leafHash)]
        var hash = leafHash
        var level = 0
        var position = index
        while position & 1 == 1 {
            let left = try reader.node(level: level, index: position - 1)
            hash = MerkleHashing.nodeHash(left, hash)
            level += 1
            position >>= 1
            nodes.append(MerkleNode(level: level, index: position, hash: hash))
        }
        return nodes
    }

    /// The root of the first `size` leaves (MTH of RFC 6962 §2.1), folded from the perfect
    /// subtrees of the binary decomposition of `size`: one read per bit set in `size`.
    /// The root of the empty tree is ``MerkleHashing/emptyRoot``.
    ///
    /// ```swift
    /// let root = try MerkleLog.root(size: 6, reader: tree)   // node(2,0) and node(1,2), hashed together
    /// ```
    public static func root(size: UInt64, reader: some MerkleNodeReader) throws -> [UInt8] {
        try subtreeHash(start: 0, end: size, reader: reader)
    }

    /// The hash of the subtree `[start, end)`, whose right edge may be ragged.
    /// `start` must be a multiple of the smallest power of two ≥ `end - start`.
    static func subtreeHash(start: UInt64, end: UInt64, reader: some MerkleNodeReader) throws -> [UInt8] {
        try MerkleTreeMath.rangeHash(start: start, end: end) { level, index in
            try reader.node(level: level, index: index)
        }
    }
}
