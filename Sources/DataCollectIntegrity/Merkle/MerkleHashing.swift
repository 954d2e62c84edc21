/// The RFC 6962 / RFC 9162 hashing rules for a SHA-256 Merkle log.
///
/// Leaves and interior nodes are hashed with different one-byte prefixes (`0x00` and `0x01`),
/// so a leaf can never be passed off as an interior node (second-preimage resistance).
///
/// ```swift
/// let a = MerkleHashing.leafHash(Array("first".utf8))
/// let b = MerkleHashing.leafHash(Array("second".utf8))
/// let root = MerkleHashing.nodeHash(a, b)   // the root of a two-leaf tree
/// ```
public enum MerkleHashing {
    /// The root of the empty tree: SHA-256 of the empty string
    /// (`e3b0c442…b855`), RFC 6962 §2.1.
    ///
    /// ```swift
    /// MerkleHashing.emptyRoot.hexString.hasPrefix("e3b0c442")   // true
    /// ```
    public static let emptyRoot: [UInt8] = Digest.sha256([UInt8]())

    /// The hash of one leaf: `SHA-256(0x00 || leafInput)`.
    ///
    /// ```swift
    /// MerkleHashing.leafHash([]).hexString.hasPrefix("6e340b9c")   // true
    /// ```
    public static func leafHash(_ leafInput: [UInt8]) -> [UInt8] {
        var hasher = StreamingSHA256()
        hasher.update(CollectionOfOne(UInt8(0x00)))
        hasher.update(leafInput)
        return hasher.finalize()
    }

    /// The hash of an interior node: `SHA-256(0x01 || left || right)`.
    ///
    /// The children are hashed as given, whatever their length.
    ///
    /// ```swift
    /// let parent = MerkleHashing.nodeHash(MerkleHashing.leafHash([0]), MerkleHashing.leafHash([1]))
    /// ```
    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = StreamingSHA256()
        hasher.update(CollectionOfOne(UInt8(0x01)))
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }
}
