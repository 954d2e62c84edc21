/// The RFC 6962 root of a growing list of leaves, kept as the roots of its perfect subtrees
/// ("peaks", largest first): O(log n) memory, O(1) amortised work per leaf. A streaming
/// verifier uses it to recompute the root of a million-leaf log without storing the tree.
///
/// ```swift
/// var accumulator = MerkleAccumulator()
/// accumulator.append(leafHash: MerkleHashing.leafHash(Array("a".utf8)))
/// accumulator.root // the tree head of size 1
/// ```
public struct MerkleAccumulator: Sendable, Hashable {
    /// The peaks' hashes, largest subtree first; the peak levels are the set bits of `size`.
    private var peaks: [Hash256] = []
    public private(set) var size: UInt64 = 0

    public init() {
        peaks.reserveCapacity(64)
    }

    /// Appends a leaf; returns the perfect-subtree nodes it completed (the leaf itself first).
    /// Leaf hashes are SHA-256 digests: 32 bytes.
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> [MerkleNode] {
        guard let leaf = Hash256(leafHash) else { preconditionFailure("a leaf hash has 32 bytes") }
        var completed: [MerkleNode] = []
        append(leaf) { level, index, hash in completed.append(MerkleNode(level: level, index: index, hash: hash.bytes)) }
        return completed
    }

    /// Appends a leaf and calls `completed` with each perfect-subtree node it completes, as
    /// (level, index, hash): the leaf itself first (level 0), then one node per level it closes.
    public mutating func append(_ leafHash: Hash256, completed: (Int, UInt64, Hash256) -> Void) {
        completed(0, size, leafHash)
        var hash = leafHash
        var level = 0
        // Every trailing 1 bit of the old size is a peak of the new leaf's level to merge with.
        var carry = size
        while carry & 1 == 1 {
            hash = Hash256.node(peaks.removeLast(), hash)
            level += 1
            carry >>= 1
            completed(level, ((size + 1) >> UInt64(level)) - 1, hash)
        }
        peaks.append(hash)
        size += 1
    }

    /// Appends a leaf, discarding the completed nodes.
    public mutating func append(_ leafHash: Hash256) {
        append(leafHash) { _, _, _ in }
    }

    /// The Merkle tree hash of all leaves appended so far (the empty-tree hash for none).
    public var root: [UInt8] {
        rootHash.map(\.bytes) ?? MerkleHashing.emptyRoot
    }

    /// ``root`` for a non-empty tree; nil for the empty one.
    public var rootHash: Hash256? {
        guard var root = peaks.last else { return nil }
        for peak in peaks.dropLast().reversed() {
            root = Hash256.node(peak, root)
        }
        return root
    }

    public static func == (lhs: MerkleAccumulator, rhs: MerkleAccumulator) -> Bool {
        lhs.size == rhs.size && lhs.root == rhs.root
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(size)
        hasher.combine(root)
    }
}
