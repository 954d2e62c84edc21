public import DataCollectIntegrity

/// Reads the Merkle nodes that the proofs of runs of neighbouring leaves need, a level at a
/// time. Within a run, audit paths share most nodes: at each level they are the run's own
/// subtrees and one neighbour on each side, one range read per run and level instead of
/// `log n` single reads per proof. Leaves far apart (the `redact-event` entries of two policy
/// runs, months apart in the audit log) are separate runs, so the reads never span the log
/// between them. Nodes outside those ranges (the right edge of a tree smaller than the log)
/// are read one by one the first time and kept.
///
/// ```swift
/// let reader = try NeighbourhoodMerkleNodes(store: transaction, log: .events, leafIndexes: Array(1_000..<2_000), size: 5_000)
/// let path = try MerkleLog.inclusionProof(index: 1_234, size: 5_000, reader: reader)
/// ```
public final class NeighbourhoodMerkleNodes: MerkleNodeReader {
    private let stored: StoredMerkleNodes
    private var known: [NodePosition: [UInt8]] = [:]

    private struct NodePosition: Hashable {
        let level: Int
        let index: UInt64
    }

    /// Leaves closer than this are read as one run: a gap costs at most this many level-0
    /// nodes, and a separate run costs a range read per level.
    public static let maximumGap: UInt64 = 64

    /// Reads, for every level of a tree of `size` leaves, the nodes over each run of
    /// ``runs(of:)`` of these leaf indexes and their neighbours on each side. At each level the
    /// runs' ranges are merged where they meet (runs far apart at the leaves share their upper
    /// subtrees), so the upper levels cost one read however many runs there are. The levels a
    /// store does not keep (``StoredMerkleLevels``) come from one read of the leaves: those
    /// under the ranges of the highest of them, which cover the lower levels' ranges too.
    public init(store: any IntegrityStore, log: LogName, leafIndexes: [UInt64], size: UInt64) throws {
        stored = StoredMerkleNodes(store: store, log: log)
        let runs = Self.runs(of: leafIndexes)
        guard size > 0, !runs.isEmpty else { return }
        let recomputedTop = StoredMerkleLevels.lowest - 1
        for range in Self.ranges(of: runs, level: recomputedTop) {
            let leaves = try store.merkleNodes(log: log, level: 0,
                                               indexes: StoredMerkleLevels.leafIndexes(under: range, level: recomputedTop))
            remember(leaves)
            for level in 1...recomputedTop { remember(StoredMerkleLevels.recomputed(level: level, from: leaves)) }
        }
        var level = StoredMerkleLevels.lowest
        while level < 64, UInt64(1) << UInt64(level) <= size {
            for range in Self.ranges(of: runs, level: level) { remember(try store.merkleNodes(log: log, level: level, indexes: range)) }
            level += 1
        }
    }

    /// The node ranges of one level over the runs and their neighbours, merged where they meet.
    private static func ranges(of runs: [Range<UInt64>], level: Int) -> [ClosedRange<UInt64>] {
        var ranges: [ClosedRange<UInt64>] = []
        for leaves in runs {
            let first = leaves.lowerBound >> UInt64(level), last = (leaves.upperBound - 1) >> UInt64(level)
            let range = (first == 0 ? 0 : first - 1)...(last + 1)
            if let previous = ranges.last, range.lowerBound <= previous.upperBound + 1 {
                ranges[ranges.count - 1] = previous.lowerBound...max(previous.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        return ranges
    }

    private func remember(_ nodes: [MerkleNode]) {
        for node in nodes { known[NodePosition(level: node.level, index: node.index)] = node.hash }
    }

    /// The leaf indexes as runs: sorted, and cut where two neighbours are more than
    /// ``maximumGap`` apart.
    public static func runs(of leafIndexes: [UInt64]) -> [Range<UInt64>] {
        var runs: [Range<UInt64>] = []
        for index in Set(leafIndexes).sorted() {
            if let last = runs.last, index - (last.upperBound - 1) <= maximumGap {
                runs[runs.count - 1] = last.lowerBound..<(index + 1)
            } else {
                runs.append(index..<(index + 1))
            }
        }
        return runs
    }

    public func node(level: Int, index: UInt64) throws -> [UInt8] {
        let position = NodePosition(level: level, index: index)
        if let hash = known[position] { return hash }
        let hash = try stored.node(level: level, index: index)
        known[position] = hash
        return hash
    }
}
