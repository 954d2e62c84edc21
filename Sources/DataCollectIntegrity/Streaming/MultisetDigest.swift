/// An order-independent digest of a set of Merkle nodes: the sum, modulo 2²⁵⁶, of
/// SHA-256(level ‖ index ‖ hash) over the nodes (level and index as 8-byte big-endian). Lets a
/// verifier compare the nodes it recomputed with the nodes a store holds by streaming the
/// table in any order, in constant memory. Changing, adding or dropping a node changes the sum
/// unless SHA-256 is broken.
public struct MultisetDigest: Sendable, Hashable {
    /// Little-endian 64-bit limbs of the running sum.
    private var limbs = [UInt64](repeating: 0, count: 4)
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ node: MerkleNode) {
        var input: [UInt8] = []
        input.reserveCapacity(48)
        for shift in stride(from: 56, through: 0, by: -8) { input.append(UInt8(truncatingIfNeeded: UInt64(node.level) >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { input.append(UInt8(truncatingIfNeeded: node.index >> UInt64(shift))) }
        input += node.hash
        let digest = Digest.sha256(input)
        var carry: UInt64 = 0
        for limb in 0..<4 {
            var word: UInt64 = 0
            for byte in 0..<8 { word |= UInt64(digest[limb * 8 + byte]) << UInt64(8 * byte) }
            let (partial, overflow1) = limbs[limb].addingReportingOverflow(word)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[limb] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        count += 1
    }
}
