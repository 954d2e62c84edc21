/// Why a signed note, checkpoint or note key was rejected.
///
/// Each ``description`` is a sentence an auditor can act on. Errors about private keys never
/// repeat the key material.
///
/// ```swift
/// do {
///     _ = try Checkpoint(body: "Log\n-34\nYmFuYW5hcw==\n")
/// } catch {
///     print(error)   // "The checkpoint's tree size line "-34" is not a decimal number without leading zeros."
/// }
/// ```
public enum SignedNoteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key name is empty, or contains whitespace or "+".
    case invalidKeyName(String)
    /// The note text is empty.
    case emptyText
    /// The note text does not end with a newline.
    case textDoesNotEndWithNewline
    /// The note contains an ASCII control character other than newline (its scalar value).
    case textContainsControlCharacter(UInt32)
    /// No blank line separates the text from the signature lines.
    case missingSignatureBlock
    /// A signature line is not "— <name> <base64>" with at least 5 decoded bytes.
    case malformedSignatureLine(String)
    /// The note has more signature lines than this implementation accepts.
    case tooManySignatures(limit: Int)
    /// A verifier key is not "<name>+<8 hex digits>+<base64 key>" (the reason says which part).
    case malformedVerifierKey(String)
    /// A private key is not "PRIVATE+KEY+<name>+<8 hex digits>+<base64 seed>" (the reason says which part).
    case malformedPrivateKey(String)
    /// The key uses a signature algorithm other than Ed25519 (0x01).
    case unsupportedAlgorithm(UInt8)
    /// The key ID written in a key does not match the key's name and public key.
    case keyIDMismatch(name: String)
    /// The cryptographic library refused to sign.
    case signingFailed
    /// A signature by the verifier's key is present but does not verify over the note text.
    case invalidSignature(name: String, keyID: [UInt8])
    /// The note carries no signature by the verifier's key (name and key ID).
    case noSignatureByKey(name: String, keyID: [UInt8])
    /// A checkpoint body has fewer than three lines.
    case checkpointTooFewLines(Int)
    /// A checkpoint's origin line is empty.
    case checkpointEmptyOrigin
    /// A checkpoint's size line is not a decimal UInt64 without leading zeros.
    case checkpointInvalidSize(String)
    /// A checkpoint's root hash line is not non-empty standard base64.
    case checkpointInvalidRootHash(String)
    /// A checkpoint extension line is empty (line numbers count from 1).
    case checkpointEmptyExtensionLine(lineNumber: Int)

    public var description: String {
        switch self {
        case let .invalidKeyName(name):
            "The key name \"\(name)\" is not allowed: names must be non-empty and contain no spaces and no \"+\"."
        case .emptyText:
            "The note text is empty; a note must say something."
        case .textDoesNotEndWithNewline:
            "The note text does not end with a newline, so its signed bytes are ambiguous."
        case let .textContainsControlCharacter(value):
            "The note contains the control character U+\(String(value, radix: 16, uppercase: true)); only newlines are allowed."
        case .missingSignatureBlock:
            "The note has no blank line followed by signature lines."
        case let .malformedSignatureLine(line):
            "The signature line \"\(line)\" is not an em dash, a space, a key name, a space and a base64 key ID and signature."
        case let .tooManySignatures(limit):
            "The note has more than \(limit) signatures, more than any legitimate note needs."
        case let .malformedVerifierKey(reason):
            "The verifier key is malformed: \(reason)."
        case let .malformedPrivateKey(reason):
            "The private key is malformed: \(reason)."
        case let .unsupportedAlgorithm(byte):
            "The key uses signature algorithm 0x\(String(byte, radix: 16)), but only Ed25519 (0x01) is supported."
        case let .keyIDMismatch(name):
            "The key ID written in the key for \"\(name)\" does not match its name and public key."
        case .signingFailed:
            "The signing library refused to sign the note."
        case let .invalidSignature(name, keyID):
            "The signature by \(name) (key ID \(keyID.hexString)) does not verify: the note was altered or forged."
        case let .noSignatureByKey(name, keyID):
            "The note carries no signature by \(name) (key ID \(keyID.hexString))."
        case let .checkpointTooFewLines(count):
            "The checkpoint has \(count) lines, but an origin, a tree size and a root hash are required."
        case .checkpointEmptyOrigin:
            "The checkpoint's origin line is empty."
        case let .checkpointInvalidSize(line):
            "The checkpoint's tree size line \"\(line)\" is not a decimal number without leading zeros that fits in 64 bits."
        case let .checkpointInvalidRootHash(line):
            "The checkpoint's root hash line \"\(line)\" is not standard base64."
        case let .checkpointEmptyExtensionLine(lineNumber):
            "Line \(lineNumber) of the checkpoint is an empty extension line; extension lines must be non-empty."
        }
    }
}
