public import DataCollectCore
public import DataCollectIntegrity

/// A server checkpoint this client has checked: signed by the pinned key, and consistent with
/// every checkpoint it verified before. The next sync must prove its checkpoint extends this one.
public struct VerifiedCheckpoint: Sendable, Hashable {
    /// The checkpoint's origin line (`<server log name>/events`, or `…/audit` for the audit log).
    public var origin: String
    /// Leaves in the server's log at this checkpoint.
    public var size: UInt64
    /// The RFC 6962 root of those leaves.
    public var rootHash: [UInt8]
    /// The C2SP signed note as the server sent it, so an auditor can check it again.
    public var note: String
    /// When this client verified it (its own clock).
    public var verifiedAt: EventTimestamp

    public init(origin: String, size: UInt64, rootHash: [UInt8], note: String, verifiedAt: EventTimestamp) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.note = note
        self.verifiedAt = verifiedAt
    }

    /// `{origin, treeSize, rootHash (hex), note, verifiedAt}`, as stored and as `datacollect status --json` prints it.
    public var jsonValue: JSONValue {
        [
            "origin": .string(origin), "treeSize": .number(JSONNumber(Int(size))), "rootHash": .string(rootHash.hexString),
            "note": .string(note), "verifiedAt": .string(verifiedAt.iso8601),
        ]
    }

    public init?(json: JSONValue) {
        guard let origin = json["origin"]?.stringValue,
              let size = json["treeSize"]?.numberValue?.intValue.flatMap(UInt64.init(exactly:)),
              let root = json["rootHash"]?.stringValue.flatMap({ [UInt8](hex: $0) }),
              let note = json["note"]?.stringValue,
              let verifiedAt = json["verifiedAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:))
        else { return nil }
        self.init(origin: origin, size: size, rootHash: root, note: note, verifiedAt: verifiedAt)
    }
}
