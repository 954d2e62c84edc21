import CLibCrypto

/// A 32-byte hash held inline (no heap allocation), for the verifier's hot loops: leaf hashes,
/// chain links and Merkle nodes are compared and combined millions of times per run.
///
/// ```swift
/// let a = Hash256.sha256(Array("abc".utf8))
/// a.bytes.hexString.hasPrefix("ba7816bf")   // true
/// Hash256(hex: a.bytes.hexString) == a      // true
/// ```
public struct Hash256: Sendable, Hashable, CustomStringConvertible {
    /// The bytes, in order (a homogeneous tuple is laid out like a C array).
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// 32 zero bytes (the hash chain's starting value).
    public static let zero = Hash256(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The first 32 bytes of `buffer`, which must hold at least 32.
    public init(unsafeBytes buffer: UnsafeRawBufferPointer) {
        precondition(buffer.count >= 32, "a Hash256 needs 32 bytes")
        words = (buffer.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 16, as: UInt64.self),
                 buffer.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
    }

    /// The hash of exactly 32 bytes; nil for any other length.
    public init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self = bytes.withUnsafeBytes { Hash256(unsafeBytes: $0) }
    }

    /// The hash spelled by exactly 64 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        var hex = hex
        guard case .hash(let hash)? = hex.withUTF8({ HexText.decodeHash($0) }) else { return nil }
        self = hash
    }

    /// The 32 bytes as an array.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    public var description: String { bytes.hexString }

    /// Calls `body` with the 32 bytes.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = words
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    public static func == (lhs: Hash256, rhs: Hash256) -> Bool {
        (lhs.words.0 ^ rhs.words.0) | (lhs.words.1 ^ rhs.words.1) | (lhs.words.2 ^ rhs.words.2)
            | (lhs.words.3 ^ rhs.words.3) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    // MARK: Hashing

    /// SHA-256 of `buffer`.
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> Hash256 {
        var context = SHA256_CTX()
        SHA256_Init(&context)
        SHA256_Update(&context, buffer.baseAddress, buffer.count)
        return withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { digest in
            SHA256_Final(digest.baseAddress!.assumingMemoryBound(to: UInt8.self), &context)
            return Hash256(unsafeBytes: UnsafeRawBufferPointer(digest))
        }
    }

    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> Hash256 {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// The RFC 6962 interior node hash `SHA-256(0x01 ‖ left ‖ right)`
    /// (equal to ``MerkleHashing/nodeHash(_:_:)`` on the same bytes).
    public static func node(_ left: Hash256, _ right: Hash256) -> Hash256 {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer[0] = 0x01
            left.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[1..<33]).copyMemory(from: $0) }
            right.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[33..<65]).copyMemory(from: $0) }
            return sha256(UnsafeRawBufferPointer(buffer))
        }
    }

    /// The hash chain link `SHA-256(previous ‖ leafHash)` (equal to ``HashChain/link(previous:leafHash:)``).
    public static func chainLink(previous: Hash256, leafHash: Hash256) -> Hash256 {
        withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
            previous.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[0..<32]).copyMemory(from: $0) }
            leafHash.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[32..<64]).copyMemory(from: $0) }
            return sha256(UnsafeRawBufferPointer(buffer))
        }
    }
}
