import Crypto

/// Incremental SHA-256 for streaming many values without concatenating them first.
///
/// Feeding the same bytes in any number of pieces gives the same digest as hashing them at once.
///
/// ```swift
/// var hasher = StreamingSHA256()
/// hasher.update("ab")
/// hasher.update([0x63])            // "c"
/// hasher.finalizeHex()             // == Digest.sha256Hex(Array("abc".utf8))
/// ```
public struct StreamingSHA256: @unchecked Sendable {
    // `Crypto.SHA256` is not marked `Sendable`, but it is a copy-on-write value type: its only
    // reference is a private context that is copied before mutation unless uniquely referenced,
    // and only read otherwise. Copies handed to other tasks therefore never share mutable state.
    private var hasher = SHA256()

    /// Starts an empty hash.
    public init() {}

    /// Adds `bytes` to the hash.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        }
    }

    /// Adds the UTF-8 bytes of `string` to the hash.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The 32-byte digest of everything added so far. The hasher itself is left unchanged,
    /// so more bytes can still be added afterwards.
    public func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The digest of everything added so far, as 64 lowercase hexadecimal characters.
    public func finalizeHex() -> String {
        finalize().hexString
    }
}
