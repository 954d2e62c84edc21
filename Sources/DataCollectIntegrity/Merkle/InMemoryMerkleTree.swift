/// A Merkle log kept entirely in memory, storing every perfect-subtree node.
///
/// Meant for tests, tools and small logs; a persistent store implements ``MerkleNodeReader``
/// over a table instead. It is a ``MerkleNodeReader`` itself, so every ``MerkleLog`` algorithm
/// runs over it.
///
/// ```swift
/// var tree = InMemoryMerkleTree()
/// tree.append(leafHash: MerkleHashing.leafHash(Array("hello".utf8)))
/// tree.size     // 1
/// tree.root()   // == MerkleHashing.leafHash(Array("hello".utf8))
/// ```
public struct InMemoryMerkleTree: MerkleNodeReader, Sendable {
    /// `levels[l][i]` is the hash of the perfect subtree of `2^l` leaves at index `i`.
    private var levels: [[[UInt8]]] = []

    /// The number of leaves appended so far.
    public private(set) var size: UInt64 = 0

    /// Creates an empty tree.
    public init() {}

    /// Appends a leaf (give its ``MerkleHashing/leafHash(_:)``) and stores every node it completes.
    ///
    /// ```swift
    /// tree.append(leafHash: MerkleHashing.leafHash([0x2A]))
    /// ```
    public mutating func append(leafHash: [UInt8]) {
        var hash = leafHash
        var level = 0
        var position = size
        while true {
            if levels.count == level { levels.append([]) }
            levels[level].append(hash)
            guard position & 1 == 1 else { break }
            hash = MerkleHashing.nodeHash(levels[level][Int(position - 1)], hash)
            level += 1
            position >>= 1
        }
        size += 1
    }

    /// The root of the whole tree (``MerkleHashing/emptyRoot`` when empty).
    ///
    /// ```swift
    /// InMemoryMerkleTree().root() == MerkleHashing.emptyRoot   // true
    /// ```
    public func root() -> [UInt8] {
        MerkleTreeMath.rangeHash(start: 0, end: size) { level, index in
            levels[level][Int(index)]
        }
    }

    /// The hash of the perfect subtree at `level` and `index`; throws
    /// ``MerkleProofError/nodeUnavailable(level:index:)`` when that subtree is not complete yet.
    ///
    /// ```swift
    /// try tree.node(level: 0, index: 0)   // the first leaf hash
    /// ```
    public func node(level: Int, index: UInt64) throws -> [UInt8] {
        guard level >= 0, level < levels.count, index < UInt64(levels[level].count) else {
            throw MerkleProofError.nodeUnavailable(level: level, index: index)
        }
        return levels[level][Int(index)]
    }
}
