import DataCollectIntegrity

/// A deliberately naive, recursive transcription of RFC 6962 §2.1 (MTH, PATH, PROOF/SUBPROOF)
/// over a list of leaf hashes, used as the oracle for the library's O(log n) algorithms.
enum ReferenceMerkle {
    /// The largest power of two strictly less than n (n > 1).
    static func k(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[n]): the empty tree hashes to SHA-256(""); one leaf is its leaf hash.
    static func mth(_ leaves: ArraySlice<[UInt8]>) -> [UInt8] {
        switch leaves.count {
        case 0: return Digest.sha256([UInt8]())
        case 1: return leaves[leaves.startIndex]
        default:
            let split = leaves.startIndex + k(leaves.count)
            return MerkleHashing.nodeHash(mth(leaves[..<split]), mth(leaves[split...]))
        }
    }

    /// PATH(m, D[n]).
    static func path(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        guard leaves.count > 1 else { return [] }
        let size = k(leaves.count)
        let split = leaves.startIndex + size
        if m < size {
            return path(m, leaves[..<split]) + [mth(leaves[split...])]
        }
        return path(m - size, leaves[split...]) + [mth(leaves[..<split])]
    }

    /// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static func proof(_ m: Int, _ leaves: ArraySlice<[UInt8]>) -> [[UInt8]] {
        subproof(m, leaves, true)
    }

    static func subproof(_ m: Int, _ leaves: ArraySlice<[UInt8]>, _ b: Bool) -> [[UInt8]] {
        if m == leaves.count { return b ? [] : [mth(leaves)] }
        let size = k(leaves.count)
        let split = leaves.startIndex + size
        if m <= size {
            return subproof(m, leaves[..<split], b) + [mth(leaves[split...])]
        }
        return subproof(m - size, leaves[split...], false) + [mth(leaves[..<split])]
    }

    /// The subtree consistency proof of draft-ietf-plants-merkle-tree-certs (SSP), as described
    /// in the vectors file, over the leaves `range` of some list whose subtree hashes `hash` gives;
    /// with start = 0 it equals PROOF(end, D[n]).
    static func subtreeConsistency(
        _ start: Int, _ end: Int, _ range: Range<Int>, _ known: Bool, hash: (Range<Int>) -> [UInt8]
    ) -> [[UInt8]] {
        if start == 0 && end == range.count { return known ? [] : [hash(range)] }
        let split = range.lowerBound + k(range.count)
        let left = range.lowerBound..<split, right = split..<range.upperBound
        let size = left.count
        if end <= size {
            return subtreeConsistency(start, end, left, known, hash: hash) + [hash(right)]
        }
        if start >= size {
            return subtreeConsistency(start - size, end - size, right, known, hash: hash) + [hash(left)]
        }
        return subtreeConsistency(0, end - size, right, false, hash: hash) + [hash(left)]
    }
}

/// A reader that exposes the perfect nodes of `[offset, …)` of another tree as a tree of its
/// own. Valid for any subtree whose start is a multiple of every node size it is asked for.
struct OffsetReader<Base: MerkleNodeReader>: MerkleNodeReader {
    let base: Base
    let offset: UInt64

    func node(level: Int, index: UInt64) throws -> [UInt8] {
        try base.node(level: level, index: (offset >> UInt64(level)) + index)
    }
}

/// A reader over a dictionary filled only from `MerkleLog.nodesCompleted` results.
struct DictionaryReader: MerkleNodeReader {
    struct Missing: Error {}
    var nodes: [Key: [UInt8]] = [:]

    struct Key: Hashable {
        let level: Int
        let index: UInt64
    }

    func node(level: Int, index: UInt64) throws -> [UInt8] {
        guard let hash = nodes[Key(level: level, index: index)] else { throw Missing() }
        return hash
    }
}

extension InMemoryMerkleTree {
    /// A tree built by appending the given leaf hashes in order.
    init(leafHashes: [[UInt8]]) {
        self.init()
        for hash in leafHashes { append(leafHash: hash) }
    }
}

/// Leaf hashes of distinct small inputs, for tests that need many leaves.
func sampleLeafHashes(_ count: Int) -> [[UInt8]] {
    (0..<count).map { MerkleHashing.leafHash(Array("leaf \($0)".utf8)) }
}
