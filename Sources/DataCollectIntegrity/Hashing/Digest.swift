import Crypto

/// One-shot SHA-256 hashing of byte sequences.
///
/// ```swift
/// let hex = Digest.sha256Hex(Array("abc".utf8))
/// // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
///
/// Inside this module `Digest` names this enum, not swift-crypto's `Digest` protocol:
/// a module's own declarations shadow imported ones, and `Crypto` is imported internally only.
public enum Digest {
    /// The 32-byte SHA-256 digest of `bytes`.
    ///
    /// ```swift
    /// let digest = Digest.sha256([0x61, 0x62, 0x63])   // 32 bytes
    /// ```
    public static func sha256(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = StreamingSHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal characters.
    ///
    /// ```swift
    /// Digest.sha256Hex(Array("abc".utf8)).hasPrefix("ba7816bf")   // true
    /// ```
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        sha256(bytes).hexString
    }
}
