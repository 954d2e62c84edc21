public import DataCollectIntegrity

/// Reads the Merkle nodes that the proofs of a run of neighbouring leaves need, a level at a
/// time. Their audit paths share most nodes: at each level they are the run's own subtrees and
/// one neighbour on each side, one range read per level instead of `log n` single reads per
/// proof. Nodes outside those ranges (the right edge of a tree smaller than the log) are read
/// one by one the first time and kept.
///
/// ```swift
/// let reader = try NeighbourhoodMerkleNodes(store: transaction, log: .events, leaves: 1_000..<2_000, size: 5_000)
/// let path = try MerkleLog.inclusionProof(index: 1_234, size: 5_000, reader: reader)
/// ```
public final class NeighbourhoodMerkleNodes: MerkleNodeReader {
    private let stored: StoredMerkleNodes
    private var known: [NodePosition: [UInt8]] = [:]

    private struct NodePosition: Hashable {
        let level: Int
        let index: UInt64
    }

    /// Reads, for every level of a tree of `size` leaves, the nodes over `leaves` and their
    /// neighbours on each side.
    public init(store: any IntegrityStore, log: LogName, leaves: Range<UInt64>, size: UInt64) throws {
        stored = StoredMerkleNodes(store: store, log: log)
        guard !leaves.isEmpty, size > 0 else { return }
        var level = 0
        while level < 64, UInt64(1) << UInt64(level) <= size {
            let first = leaves.lowerBound >> UInt64(level), last = (leaves.upperBound - 1) >> UInt64(level)
            let range = (first == 0 ? 0 : first - 1)...(last + 1)
            for node in try store.merkleNodes(log: log, level: level, indexes: range) {
                known[NodePosition(level: node.level, index: node.index)] = node.hash
            }
            level += 1
        }
    }

    public func node(level: Int, index: UInt64) throws -> [UInt8] {
        let position = NodePosition(level: level, index: index)
        if let hash = known[position] { return hash }
        let hash = try stored.node(level: level, index: index)
        known[position] = hash
        return hash
    }
}
