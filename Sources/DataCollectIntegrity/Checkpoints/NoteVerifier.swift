import Crypto

/// Checks Ed25519 signatures on C2SP signed notes for one trusted key.
///
/// A signature counts as this key's only when both its name and its key ID match; others are
/// ignored, as the spec requires.
///
/// ```swift
/// let verifier = try NoteVerifier(verifierKey: "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")
/// try verifier.verify(try SignedNote(parsing: received))
/// ```
public struct NoteVerifier: Sendable {
    /// The key name expected in signature lines.
    public let name: String
    /// The 4-byte key ID expected at the start of signatures.
    public let keyID: [UInt8]
    private let publicKey: [UInt8]

    /// Loads a verifier from `<name>+<hex key ID>+<base64(0x01 ‖ 32-byte public key)>`.
    ///
    /// Rejects invalid names, key IDs that are not 8 hex digits or do not match the key,
    /// algorithms other than Ed25519 and keys that are not 32 bytes.
    ///
    /// ```swift
    /// let verifier = try NoteVerifier(verifierKey: signer.verifierKey)
    /// ```
    public init(verifierKey: String) throws(SignedNoteError) {
        // Split at the first two "+": base64 may itself contain "+".
        let parts = verifierKey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedVerifierKey("it must have the form <name>+<key ID>+<key>") }
        let name = String(parts[0])
        try NoteFormat.validateName(name)
        guard let writtenKeyID = NoteFormat.parseKeyIDHex(parts[1]) else {
            throw .malformedVerifierKey("the key ID must be 8 hexadecimal digits")
        }
        guard let key = Base64.decode(parts[2]), let algorithm = key.first else {
            throw .malformedVerifierKey("the key must be non-empty standard base64")
        }
        guard algorithm == NoteFormat.ed25519Algorithm else { throw .unsupportedAlgorithm(algorithm) }
        let publicKey = Array(key.dropFirst())
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw .malformedVerifierKey("an Ed25519 public key must be 32 bytes")
        }
        guard NoteFormat.keyID(name: name, algorithm: algorithm, publicKey: publicKey) == writtenKeyID else {
            throw .keyIDMismatch(name: name)
        }
        self.name = name
        self.keyID = writtenKeyID
        self.publicKey = publicKey
    }

    /// Throws unless at least one signature by this key (matching name and key ID) verifies over
    /// the UTF-8 bytes of `note.text`.
    ///
    /// Signatures by other keys are ignored. A signature by this key that does *not* verify
    /// rejects the whole note (``SignedNoteError/invalidSignature(name:keyID:)``), as the spec
    /// recommends and golang.org/x/mod/sumdb/note does: a forged line is never hidden by a good one.
    /// The text must also be well formed (non-empty, ending in a newline, no control characters).
    ///
    /// ```swift
    /// try verifier.verify(note)   // returns normally only if this key signed note.text
    /// ```
    public func verify(_ note: SignedNote) throws(SignedNoteError) {
        try NoteFormat.validateText(note.text)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            throw .malformedVerifierKey("an Ed25519 public key must be 32 bytes")
        }
        let message = Array(note.text.utf8)
        var verified = false
        for signature in note.signatures where signature.name == name && signature.keyID == keyID {
            guard key.isValidSignature(signature.signature, for: message) else {
                throw .invalidSignature(name: name, keyID: keyID)
            }
            verified = true
        }
        guard verified else { throw .noSignatureByKey(name: name, keyID: keyID) }
    }
}
