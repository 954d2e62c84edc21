import Crypto

/// An Ed25519 signer of C2SP signed notes (signature type 0x01).
///
/// The key ID is the first 4 bytes of `SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)`.
/// Keys are exchanged as text in the golang.org/x/mod/sumdb/note format:
/// ``privateKeyText`` (`PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>`, keep it secret)
/// and ``verifierKey`` (`<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, publish it).
///
/// ```swift
/// let signer = try NoteSigner.generate(name: "example.com/log")
/// let note = try signer.sign(checkpoint.body)
/// let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
/// try verifier.verify(try SignedNote(parsing: note.serialized))
/// ```
public struct NoteSigner: Sendable {
    /// The key name that appears in signature lines.
    public let name: String
    /// The 4-byte key ID that prefixes every signature.
    public let keyID: [UInt8]
    private let seed: [UInt8]
    private let publicKey: [UInt8]

    private init(name: String, seed: [UInt8]) throws(SignedNoteError) {
        try NoteFormat.validateName(name)
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .malformedPrivateKey("the Ed25519 seed must be 32 bytes")
        }
        self.name = name
        self.seed = seed
        self.publicKey = Array(key.publicKey.rawRepresentation)
        self.keyID = NoteFormat.keyID(name: name, algorithm: NoteFormat.ed25519Algorithm, publicKey: publicKey)
    }

    /// A signer with a fresh random Ed25519 key.
    ///
    /// Throws ``SignedNoteError/invalidKeyName(_:)`` unless `name` is non-empty and free of
    /// whitespace and "+".
    ///
    /// ```swift
    /// let signer = try NoteSigner.generate(name: "example.com/log")
    /// ```
    public static func generate(name: String) throws(SignedNoteError) -> NoteSigner {
        try NoteSigner(name: name, seed: Array(Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// Loads a signer from `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>`.
    ///
    /// The key ID must match the name and the public key derived from the seed.
    ///
    /// ```swift
    /// let signer = try NoteSigner(privateKeyText: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
    /// ```
    public init(privateKeyText: String) throws(SignedNoteError) {
        // Split at the first four "+": base64 may itself contain "+".
        let parts = privateKeyText.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw .malformedPrivateKey("it must have the form PRIVATE+KEY+<name>+<key ID>+<key>")
        }
        let name = String(parts[2])
        try NoteFormat.validateName(name)
        guard let writtenKeyID = NoteFormat.parseKeyIDHex(parts[3]) else {
            throw .malformedPrivateKey("the key ID must be 8 hexadecimal digits")
        }
        guard let key = Base64.decode(parts[4]), let algorithm = key.first else {
            throw .malformedPrivateKey("the key must be non-empty standard base64")
        }
        guard algorithm == NoteFormat.ed25519Algorithm else { throw .unsupportedAlgorithm(algorithm) }
        try self.init(name: name, seed: Array(key.dropFirst()))
        guard keyID == writtenKeyID else { throw .keyIDMismatch(name: name) }
    }

    /// The private key as text; round-trips through ``init(privateKeyText:)``. Keep it secret.
    public var privateKeyText: String {
        "PRIVATE+KEY+\(name)+\(keyID.hexString)+\(Base64.encode([NoteFormat.ed25519Algorithm] + seed))"
    }

    /// The public verifier key as text, for ``NoteVerifier/init(verifierKey:)``.
    ///
    /// ```swift
    /// signer.verifierKey   // "example.com/log+1a2b3c4d+AX…"
    /// ```
    public var verifierKey: String {
        "\(name)+\(keyID.hexString)+\(Base64.encode([NoteFormat.ed25519Algorithm] + publicKey))"
    }

    /// Signs exactly the UTF-8 bytes of `text` and returns the note with this one signature.
    ///
    /// The text must be non-empty, end with a newline and contain no control characters other
    /// than newline, so that the serialized note parses back to the same text.
    ///
    /// ```swift
    /// let note = try signer.sign("example.com/log\n5\n\(rootBase64)\n")
    /// ```
    public func sign(_ text: String) throws(SignedNoteError) -> SignedNote {
        try NoteFormat.validateText(text)
        guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
              let signature = try? key.signature(for: Array(text.utf8))
        else { throw .signingFailed }
        return SignedNote(text: text, signatures: [NoteSignature(name: name, keyID: keyID, signature: Array(signature))])
    }
}
