extension MerkleLog {
    /// The RFC 9162 §2.1.3 inclusion proof (audit path) for leaf `index` in the tree of `size`
    /// leaves: the hashes of the sibling subtrees from the leaf up to the root
    /// (RFC 6962 PATH order). Empty for a one-leaf tree.
    ///
    /// Throws ``MerkleProofError/indexBeyondSize(index:size:)`` when `index >= size`, and
    /// whatever the reader throws for a missing node.
    ///
    /// ```swift
    /// let proof = try MerkleLog.inclusionProof(index: 5, size: 8, reader: tree)   // 3 hashes
    /// ```
    public static func inclusionProof(index: UInt64, size: UInt64, reader: some MerkleNodeReader) throws -> [[UInt8]] {
        guard index < size else { throw MerkleProofError.indexBeyondSize(index: index, size: size) }
        return try MerkleTreeMath.inclusionProofRanges(index: index, size: size).map { range in
            try subtreeHash(start: range.start, end: range.end, reader: reader)
        }
    }
}
