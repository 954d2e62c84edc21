/// Index arithmetic shared by the proof generators and verifiers (RFC 6962 §2.1).
///
/// Everything here works on leaf ranges `[start, end)` and never touches a hash.
enum MerkleTreeMath {
    /// A half-open range of leaves.
    struct LeafRange: Equatable {
        var start: UInt64
        var end: UInt64
    }

    /// The largest power of two strictly less than `n` (RFC 6962's `k`); `n` must be at least 2.
    static func split(_ n: UInt64) -> UInt64 {
        UInt64(1) << UInt64(63 - (n - 1).leadingZeroBitCount)
    }

    /// True when `n` is a power of two (1, 2, 4, …).
    static func isPowerOfTwo(_ n: UInt64) -> Bool {
        n != 0 && n & (n - 1) == 0
    }

    /// The perfect subtrees that tile `[start, end)` from left to right, each as large as its
    /// alignment allows. For `[0, n)` these are the subtrees of the binary decomposition of `n`.
    static func perfectSubtrees(start: UInt64, end: UInt64) -> [(level: Int, index: UInt64)] {
        var pieces: [(level: Int, index: UInt64)] = []
        var position = start
        while position < end {
            let alignment = position == 0 ? 63 : position.trailingZeroBitCount
            let fits = 63 - (end - position).leadingZeroBitCount
            let level = min(alignment, fits)
            pieces.append((level, position >> UInt64(level)))
            position += UInt64(1) << UInt64(level)
        }
        return pieces
    }

    /// The Merkle tree hash of `[start, end)` built from perfect nodes only: the pieces of
    /// ``perfectSubtrees(start:end:)`` folded right to left, exactly as RFC 6962's MTH nests them.
    ///
    /// Valid for every range whose start is a multiple of the smallest power of two ≥ its length
    /// (in particular `[0, n)` and every subtree that appears in an inclusion or consistency proof).
    /// The empty range hashes to ``MerkleHashing/emptyRoot``.
    static func rangeHash<Failure: Error>(
        start: UInt64, end: UInt64, node: (Int, UInt64) throws(Failure) -> [UInt8]
    ) throws(Failure) -> [UInt8] {
        let pieces = perfectSubtrees(start: start, end: end)
        guard let last = pieces.last else { return MerkleHashing.emptyRoot }
        var hash = try node(last.level, last.index)
        for piece in pieces.dropLast().reversed() {
            hash = MerkleHashing.nodeHash(try node(piece.level, piece.index), hash)
        }
        return hash
    }

    /// The subtrees whose hashes form the RFC 6962 PATH(index, D[size]), in proof order
    /// (the leaf's sibling first). Requires `index < size`.
    static func inclusionProofRanges(index: UInt64, size: UInt64) -> [LeafRange] {
        var ranges: [LeafRange] = []
        var low: UInt64 = 0
        var high = size
        while high - low > 1 {
            let middle = low + split(high - low)
            if index < middle {
                ranges.append(LeafRange(start: middle, end: high))
                high = middle
            } else {
                ranges.append(LeafRange(start: low, end: middle))
                low = middle
            }
        }
        return ranges.reversed()
    }

    /// The subtrees whose hashes form the RFC 6962 PROOF(from, D[to]) (SUBPROOF with b = true),
    /// in proof order. Requires `0 < from <= to`; empty when `from == to`.
    static func consistencyProofRanges(from: UInt64, to: UInt64) -> [LeafRange] {
        var ranges: [LeafRange] = []
        var low: UInt64 = 0
        var high = to
        var fromIsWholeOldTree = true
        while from != high {
            let middle = low + split(high - low)
            if from <= middle {
                ranges.append(LeafRange(start: middle, end: high))
                high = middle
            } else {
                ranges.append(LeafRange(start: low, end: middle))
                low = middle
                fromIsWholeOldTree = false
            }
        }
        if !fromIsWholeOldTree {
            ranges.append(LeafRange(start: low, end: high))
        }
        return ranges.reversed()
    }
}
