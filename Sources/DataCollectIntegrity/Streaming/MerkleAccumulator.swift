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
    private var peaks: [(level: Int, hash: [UInt8])] = []
    public private(set) var size: UInt64 = 0

    public init() {}

    /// Appends a leaf; returns the perfect-subtree nodes it completed (the leaf itself first).
    @discardableResult
    public mutating func append(leafHash: [UInt8]) -> [MerkleNode] {
        peaks.append((0, leafHash))
        var completed = [MerkleNode(level: 0, index: size, hash: leafHash)]
        size += 1
        while peaks.count >= 2, peaks[peaks.count - 1].level == peaks[peaks.count - 2].level {
            let right = peaks.removeLast()
            let left = peaks.removeLast()
            let level = left.level + 1
            let hash = MerkleHashing.nodeHash(left.hash, right.hash)
            peaks.append((level, hash))
            completed.append(MerkleNode(level: level, index: (size >> UInt64(level)) - 1, hash: hash))
        }
        return completed
    }

    /// The Merkle tree hash of all leaves appended so far (the empty-tree hash for none).
    public var root: [UInt8] {
        guard var root = peaks.last?.hash else { return MerkleHashing.emptyRoot }
        for peak in peaks.dropLast().reversed() {
            root = MerkleHashing.nodeHash(peak.hash, root)
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
