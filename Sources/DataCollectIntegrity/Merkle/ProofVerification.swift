/// Verifiers for RFC 9162 inclusion and consistency proofs over SHA-256 trees.
///
/// They need only hashes and sizes, never the log itself. Beyond the RFC algorithms they are
/// strict in the ways the published transparency-dev probes require: every hash must be 32
/// bytes, the proof must have exactly the expected number of hashes, and a consistency check
/// from the empty tree is rejected.
///
/// ```swift
/// try MerkleVerification.verifyInclusion(leafHash: leaf, index: 5, size: 8, proof: path, root: root)
/// try MerkleVerification.verifyConsistency(from: 6, to: 8, proof: proof, fromRoot: old, toRoot: new)
/// ```
public enum MerkleVerification {
    /// Checks that the leaf with hash `leafHash` sits at `index` in the tree of `size` leaves
    /// whose root is `root` (RFC 9162 §2.1.3.2).
    ///
    /// Throws a ``MerkleProofError`` naming what is wrong: index beyond size, a hash that is not
    /// 32 bytes, the wrong number of proof hashes, or a root mismatch.
    ///
    /// ```swift
    /// try MerkleVerification.verifyInclusion(leafHash: leaf, index: 2, size: 3, proof: [sibling], root: root)
    /// ```
    public static func verifyInclusion(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]], root: [UInt8]
    ) throws(MerkleProofError) {
        let computed = try rootFromInclusionProof(leafHash: leafHash, index: index, size: size, proof: proof)
        try requireHashLength(root, "expected root")
        guard computed == root else { throw .rootMismatch(index: index, size: size) }
    }

    /// The root that an inclusion proof leads to (RFC 9162 §2.1.3.2 without the final comparison).
    ///
    /// Useful when the root is not known yet, e.g. to compare it with a signed checkpoint.
    ///
    /// ```swift
    /// let root = try MerkleVerification.rootFromInclusionProof(leafHash: leaf, index: 0, size: 1, proof: [])
    /// // root == leaf
    /// ```
    public static func rootFromInclusionProof(
        leafHash: [UInt8], index: UInt64, size: UInt64, proof: [[UInt8]]
    ) throws(MerkleProofError) -> [UInt8] {
        guard index < size else { throw .indexBeyondSize(index: index, size: size) }
        try requireHashLength(leafHash, "leaf hash")
        try requireProofHashLengths(proof)
        let expected = MerkleTreeMath.inclusionProofRanges(index: index, size: size).count
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }

        var fn = index
        var sn = size - 1
        var result = leafHash
        for element in proof {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                result = MerkleHashing.nodeHash(element, result)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                result = MerkleHashing.nodeHash(result, element)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        return result
    }

    /// Checks that the tree of `from` leaves with root `fromRoot` is a prefix of the tree of `to`
    /// leaves with root `toRoot` (RFC 9162 §2.1.4.2).
    ///
    /// When `from == to` the proof must be empty and the roots equal (byte for byte; their
    /// length is not checked, since nothing is hashed). `from == 0` is always rejected (the
    /// check would prove nothing), and so is `from > to`.
    ///
    /// ```swift
    /// let proof = try MerkleLog.consistencyProof(from: 3, to: 7, reader: tree)
    /// try MerkleVerification.verifyConsistency(from: 3, to: 7, proof: proof, fromRoot: root3, toRoot: root7)
    /// ```
    public static func verifyConsistency(
        from: UInt64, to: UInt64, proof: [[UInt8]], fromRoot: [UInt8], toRoot: [UInt8]
    ) throws(MerkleProofError) {
        guard from <= to else { throw .sizesOutOfOrder(from: from, to: to) }
        guard from > 0 else { throw .consistencyFromEmptyTree(to: to) }
        if from == to {
            // Nothing is hashed, so only equality matters (the published probes accept equal
            // roots of any length here, as transparency-dev/merkle does).
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            guard fromRoot == toRoot else { throw .differentRootsForSameSize(size: from) }
            return
        }
        try requireHashLength(fromRoot, "old root")
        try requireHashLength(toRoot, "new root")
        try requireProofHashLengths(proof)
        let expected = MerkleTreeMath.consistencyProofRanges(from: from, to: to).count
        guard proof.count == expected else { throw .wrongProofLength(expected: expected, actual: proof.count) }

        // RFC 9162 §2.1.4.2, steps 2 to 7.
        let path = MerkleTreeMath.isPowerOfTwo(from) ? [fromRoot] + proof : proof
        var fn = from - 1
        var sn = to - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var oldRoot = path[0]
        var newRoot = path[0]
        for element in path.dropFirst() {
            guard sn != 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                oldRoot = MerkleHashing.nodeHash(element, oldRoot)
                newRoot = MerkleHashing.nodeHash(element, newRoot)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                newRoot = MerkleHashing.nodeHash(newRoot, element)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expected, actual: proof.count) }
        guard oldRoot == fromRoot else { throw .oldRootMismatch(from: from, to: to) }
        guard newRoot == toRoot else { throw .newRootMismatch(from: from, to: to) }
    }

    private static func requireHashLength(_ hash: [UInt8], _ what: String) throws(MerkleProofError) {
        guard hash.count == 32 else { throw .wrongHashLength(what: what, length: hash.count) }
    }

    private static func requireProofHashLengths(_ proof: [[UInt8]]) throws(MerkleProofError) {
        for (position, element) in proof.enumerated() {
            try requireHashLength(element, "proof hash at position \(position)")
        }
    }
}
