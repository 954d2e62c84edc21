/// Why a Merkle proof could not be produced or did not verify.
///
/// Each ``description`` is a sentence an auditor can act on.
///
/// ```swift
/// do {
///     try MerkleVerification.verifyInclusion(leafHash: leaf, index: 5, size: 3, proof: [], root: root)
/// } catch {
///     print(error)   // "Leaf index 5 is not in a tree of 3 leaves."
/// }
/// ```
public enum MerkleProofError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The leaf index is not below the tree size.
    case indexBeyondSize(index: UInt64, size: UInt64)
    /// A consistency proof was asked for from a larger tree to a smaller one.
    case sizesOutOfOrder(from: UInt64, to: UInt64)
    /// A consistency check from the empty tree: it proves nothing, so verifiers reject it.
    case consistencyFromEmptyTree(to: UInt64)
    /// The proof has the wrong number of hashes for these sizes.
    case wrongProofLength(expected: Int, actual: Int)
    /// A hash (leaf hash, root or proof element) is not 32 bytes long.
    case wrongHashLength(what: String, length: Int)
    /// The root recomputed from an inclusion proof differs from the expected root.
    case rootMismatch(index: UInt64, size: UInt64)
    /// The old root recomputed from a consistency proof differs from the old root given.
    case oldRootMismatch(from: UInt64, to: UInt64)
    /// The new root recomputed from a consistency proof differs from the new root given.
    case newRootMismatch(from: UInt64, to: UInt64)
    /// Two different roots were given for the same tree size.
    case differentRootsForSameSize(size: UInt64)
    /// An in-memory tree was asked for a node it does not have (beyond its size).
    case nodeUnavailable(level: Int, index: UInt64)

    public var description: String {
        switch self {
        case let .indexBeyondSize(index, size):
            "Leaf index \(index) is not in a tree of \(size) leaves."
        case let .sizesOutOfOrder(from, to):
            "A tree of \(from) leaves cannot be a prefix of a smaller tree of \(to) leaves."
        case let .consistencyFromEmptyTree(to):
            "A consistency check from the empty tree to a tree of \(to) leaves proves nothing and is rejected."
        case let .wrongProofLength(expected, actual):
            "The proof has \(actual) hashes but these tree sizes need exactly \(expected)."
        case let .wrongHashLength(what, length):
            "The \(what) is \(length) bytes long, but SHA-256 hashes are 32 bytes."
        case let .rootMismatch(index, size):
            "The inclusion proof for leaf \(index) does not lead to the expected root of the \(size)-leaf tree."
        case let .oldRootMismatch(from, to):
            "The consistency proof from \(from) to \(to) leaves does not reproduce the old root: the old tree is not a prefix of the new one."
        case let .newRootMismatch(from, to):
            "The consistency proof from \(from) to \(to) leaves does not reproduce the new root: the new tree does not extend the old one."
        case let .differentRootsForSameSize(size):
            "Two different roots were given for the same tree of \(size) leaves."
        case let .nodeUnavailable(level, index):
            "The tree has no complete node at level \(level), index \(index)."
        }
    }
}
