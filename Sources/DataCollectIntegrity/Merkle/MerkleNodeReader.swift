/// Read access to the hashes of the *perfect* subtrees of a Merkle log.
///
/// Level 0 holds the leaf hashes; `node(level: l, index: i)` is the root of the perfect subtree
/// covering leaves `[i·2^l, (i+1)·2^l)`. Every algorithm of ``MerkleLog`` reads only such nodes,
/// so a store can keep them in a table (filled from ``MerkleLog/nodesCompleted(byAppending:at:reader:)``)
/// and never rebuild the tree.
///
/// ```swift
/// struct TableReader: MerkleNodeReader {
///     var table: [String: [UInt8]]
///     func node(level: Int, index: UInt64) throws -> [UInt8] {
///         guard let hash = table["\(level)/\(index)"] else { throw MyStoreError.missingNode }
///         return hash
///     }
/// }
/// ```
///
/// The protocol does not require `Sendable`, so a reader may wrap a non-sendable store connection.
public protocol MerkleNodeReader {
    /// The hash of the perfect subtree at `level` and `index`. Throws when the store does not have it.
    func node(level: Int, index: UInt64) throws -> [UInt8]
}

/// One perfect-subtree hash of a Merkle log, as returned by
/// ``MerkleLog/nodesCompleted(byAppending:at:reader:)`` for a store to save.
///
/// ```swift
/// let leaf = MerkleNode(level: 0, index: 7, hash: MerkleHashing.leafHash([7]))
/// ```
public struct MerkleNode: Sendable, Hashable {
    /// The height of the subtree: 0 for a leaf, `l` for a subtree of `2^l` leaves.
    public let level: Int
    /// The position of the subtree among those of its level, counted from 0.
    public let index: UInt64
    /// The subtree's root hash (32 bytes).
    public let hash: [UInt8]

    /// Creates a node record.
    public init(level: Int, index: UInt64, hash: [UInt8]) {
        self.level = level
        self.index = index
        self.hash = hash
    }
}
