/// One signature line of a signed note: `— <name> <base64(keyID ‖ signature)>`.
///
/// ```swift
/// let line = NoteSignature(name: "example.com/log", keyID: [0x53, 0x0d, 0x90, 0x3a], signature: bytes)
/// ```
public struct NoteSignature: Sendable, Hashable {
    /// The signer's key name.
    public var name: String
    /// The 4-byte key ID (see ``NoteSigner/keyID``).
    public var keyID: [UInt8]
    /// The signature bytes (64 bytes for Ed25519).
    public var signature: [UInt8]

    /// Creates a signature line's contents.
    public init(name: String, keyID: [UInt8], signature: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.signature = signature
    }

    /// The line as serialized, including the final newline.
    var line: String {
        NoteFormat.signaturePrefix + name + " " + Base64.encode(keyID + signature) + "\n"
    }

    /// Parses a line (without its newline), byte by byte; nil unless it is well formed.
    init?(line: ArraySlice<UInt8>) {
        let prefix = Array(NoteFormat.signaturePrefix.utf8)
        guard line.starts(with: prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else { return nil }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard (try? NoteFormat.validateName(name)) != nil,
              !encoded.isEmpty,
              let bytes = Base64.decode(encoded),
              bytes.count >= 5
        else { return nil }
        self.init(name: name, keyID: Array(bytes.prefix(4)), signature: Array(bytes.dropFirst(4)))
    }
}
