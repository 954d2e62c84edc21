/// A C2SP tlog-checkpoint: the note text a log signs to commit to its tree at one size.
///
/// The body is `"<origin>\n<decimal size>\n<base64 root hash>\n"` followed by optional
/// non-empty extension lines, each ending in `"\n"`.
///
/// ```swift
/// let checkpoint = Checkpoint(origin: "example.com/log", size: 5, rootHash: root)
/// let note = try signer.sign(checkpoint.body)
/// let parsed = try Checkpoint(body: note.text)   // == checkpoint
/// ```
public struct Checkpoint: Sendable, Hashable {
    /// The log's identity, e.g. `example.com/log42`; by convention also the log's key name.
    public var origin: String
    /// The number of leaves in the tree.
    public var size: UInt64
    /// The RFC 6962 root of the first ``size`` leaves (32 bytes for SHA-256 logs).
    public var rootHash: [UInt8]
    /// Opaque extra lines, without their newlines. The spec discourages them.
    public var extensionLines: [String]

    /// Creates a checkpoint. The values are not checked here; ``init(body:)`` checks what it parses.
    public init(origin: String, size: UInt64, rootHash: [UInt8], extensionLines: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensionLines = extensionLines
    }

    /// The note text to sign: origin, size, base64 root and extension lines, each ending in a newline.
    ///
    /// ```swift
    /// Checkpoint(origin: "Log", size: 123, rootHash: Array("bananas".utf8)).body
    /// // "Log\n123\nYmFuYW5hcw==\n"
    /// ```
    public var body: String {
        var lines = [origin, String(size), Base64.encode(rootHash)]
        lines.append(contentsOf: extensionLines)
        return lines.map { $0 + "\n" }.joined()
    }

    /// Parses a checkpoint body strictly.
    ///
    /// Rejects: a body not ending in a newline, control characters, fewer than three lines, an
    /// empty origin, a size that is not plain decimal (signs, leading zeros, overflow), a root
    /// that is not canonical standard base64 or is empty, and empty extension lines. Lines after
    /// the root become ``extensionLines``.
    ///
    /// The root hash length is not checked here: the spec allows any hash function, and the
    /// proof verifiers of ``MerkleVerification`` insist on 32 bytes anyway.
    ///
    /// ```swift
    /// let checkpoint = try Checkpoint(body: "Log\n123\nYmFuYW5hcw==\n")
    /// checkpoint.size   // 123
    /// ```
    public init(body: String) throws(SignedNoteError) {
        try NoteFormat.validateText(body)
        let lines = body.utf8.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw .checkpointTooFewLines(lines.count) }
        guard !lines[0].isEmpty else { throw .checkpointEmptyOrigin }
        guard let size = Self.parseSize(lines[1]) else { throw .checkpointInvalidSize(lines[1]) }
        guard !lines[2].isEmpty, let rootHash = Base64.decode(lines[2]) else {
            throw .checkpointInvalidRootHash(lines[2])
        }
        let extensionLines = Array(lines.dropFirst(3))
        if let empty = extensionLines.firstIndex(where: \.isEmpty) {
            throw .checkpointEmptyExtensionLine(lineNumber: empty + 4)
        }
        self.init(origin: lines[0], size: size, rootHash: rootHash, extensionLines: extensionLines)
    }

    /// ASCII decimal, no sign, no leading zeros except "0" itself, at most UInt64.max.
    private static func parseSize(_ line: String) -> UInt64? {
        let digits = Array(line.utf8)
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        guard digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        return UInt64(line)
    }
}
