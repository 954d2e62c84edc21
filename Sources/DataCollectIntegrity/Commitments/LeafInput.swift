/// The bytes a record contributes to its log: RFC 8785 canonical JSON of
/// `{"log": <log name>, "v": 1, "header": {…}, "fields": {<key>: <hex commitment>, …}}`.
///
/// The header holds what may never be erased (ids, type, times, author); every erasable value
/// is represented only by its ``FieldCommitment``. The Merkle leaf hash of the record is
/// `SHA-256(0x00 ‖ leafInput)` (RFC 6962).
public enum LeafInput {
    public static func bytes(log: String, header: [String: JSONValue], commitments: [String: [UInt8]]) -> [UInt8] {
        let fields = commitments.mapValues { JSONValue.string($0.hexString) }
        let value: JSONValue = .object([
            "log": .string(log),
            "v": .number(JSONNumber(1)),
            "header": .object(header),
            "fields": .object(fields),
        ])
        return value.canonicalBytes
    }
}

/// The linear hash chain beside the Merkle tree: `h₁ = SHA-256(0³² ‖ leafHash₁)`,
/// `hᵢ = SHA-256(hᵢ₋₁ ‖ leafHashᵢ)`. A streaming check names the first link that breaks.
public enum HashChain {
    /// The value before the first link: 32 zero bytes.
    public static let start = [UInt8](repeating: 0, count: 32)

    public static func link(previous: [UInt8], leafHash: [UInt8]) -> [UInt8] {
        Digest.sha256(previous + leafHash)
    }
}

extension Array where Element == UInt8 {
    /// Bytes from lowercase or uppercase hex; nil when the text is not hex of even length.
    public init?(hex: String) {
        var hex = hex
        guard let bytes = hex.withUTF8({ HexText.decodeBytes($0) }) else { return nil }
        self = bytes
    }
}
