extension MerkleLog {
    /// The RFC 9162 §2.1.4 consistency proof that the tree of `from` leaves is a prefix of the
    /// tree of `to` leaves (RFC 6962 PROOF(from, D[to]) order).
    ///
    /// - `from == to`: the empty proof (RFC 9162 §2.1.4.1).
    /// - `from == 0`: the empty proof. Every tree extends the empty tree, so there is nothing to
    ///   prove; note that ``MerkleVerification/verifyConsistency(from:to:proof:fromRoot:toRoot:)``
    ///   *rejects* `from == 0`, as the published verifier probes require, so callers must not
    ///   treat a check from the empty tree as evidence of anything.
    /// - `from > to`: throws ``MerkleProofError/sizesOutOfOrder(from:to:)``.
    ///
    /// ```swift
    /// let proof = try MerkleLog.consistencyProof(from: 6, to: 8, reader: tree)   // 3 hashes
    /// ```
    public static func consistencyProof(from: UInt64, to: UInt64, reader: some MerkleNodeReader) throws -> [[UInt8]] {
        guard from <= to else { throw MerkleProofError.sizesOutOfOrder(from: from, to: to) }
        guard from > 0 else { return [] }
        return try MerkleTreeMath.consistencyProofRanges(from: from, to: to).map { range in
            try subtreeHash(start: range.start, end: range.end, reader: reader)
        }
    }
}
