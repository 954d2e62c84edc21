/// A C2SP signed note: a text ending in a newline, a blank line, then one or more signature
/// lines `"— <name> <base64(keyID ‖ signature)>\n"` (the dash is U+2014 EM DASH).
///
/// Parsing checks the format only; use ``NoteVerifier`` to check signatures.
///
/// ```swift
/// let note = try SignedNote(parsing: received)
/// try NoteVerifier(verifierKey: trustedKey).verify(note)
/// let checkpoint = try Checkpoint(body: note.text)
/// ```
public struct SignedNote: Sendable, Hashable {
    /// The signed text, including its final newline.
    public var text: String
    /// The signatures, in the order they appear.
    public var signatures: [NoteSignature]

    /// Creates a note from a text and its signatures.
    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// The note as transmitted: the text, a blank line, then one line per signature.
    ///
    /// ```swift
    /// let wire = try signer.sign("hello\n").serialized
    /// // "hello\n\n— example.com/log <base64>\n"
    /// ```
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// Parses a serialized note.
    ///
    /// The text ends at the last blank line. Rejects control characters other than newline,
    /// a missing blank line, an empty signature block or one not ending in a newline, lines
    /// that are not `— <valid name> <canonical base64 of at least 5 bytes>`, and more than
    /// 100 signatures. Signatures by unknown keys are kept: verifiers ignore them.
    ///
    /// ```swift
    /// let note = try SignedNote(parsing: "hi\n\n— example.com/foo Uw2QOkn8…=\n")
    /// note.text   // "hi\n"
    /// ```
    public init(parsing message: String) throws(SignedNoteError) {
        try NoteFormat.rejectControlCharacters(message)
        let bytes = Array(message.utf8)
        guard let split = Self.lastBlankLine(in: bytes) else { throw .missingSignatureBlock }
        let text = String(decoding: bytes[...split], as: UTF8.self)
        let block = bytes[(split + 2)...]
        guard !block.isEmpty, block.last == UInt8(ascii: "\n") else { throw .missingSignatureBlock }

        let lines = block.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard lines.count <= NoteFormat.maxSignatures else { throw .tooManySignatures(limit: NoteFormat.maxSignatures) }
        var signatures: [NoteSignature] = []
        for line in lines {
            guard let signature = NoteSignature(line: line) else { throw .malformedSignatureLine(String(decoding: line, as: UTF8.self)) }
            signatures.append(signature)
        }
        self.init(text: text, signatures: signatures)
    }

    /// The offset of the first newline of the last "\n\n" in `bytes`.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        var index = bytes.count - 2
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "\n"), bytes[index + 1] == UInt8(ascii: "\n") { return index }
            index -= 1
        }
        return nil
    }
}
