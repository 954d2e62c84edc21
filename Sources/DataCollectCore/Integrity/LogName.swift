public import DataCollectIntegrity

/// The two tamper-evident logs of a store: the events and the audit trail.
public enum LogName: String, Sendable, Hashable, CaseIterable {
    case events
    case audit
}

/// One field's salt and commitment. After redaction the salt (and the value) are gone and
/// only the commitment stays.
public struct FieldSeal: Sendable, Hashable {
    public var field: String
    /// Nil once the field was redacted.
    public var salt: [UInt8]?
    public var commitment: [UInt8]

    public init(field: String, salt: [UInt8]?, commitment: [UInt8]) {
        self.field = field
        self.salt = salt
        self.commitment = commitment
    }
}

/// A record's entry in its log.
public struct LogLeaf: Sendable, Hashable {
    /// Position in the log (0-based): the Merkle leaf index.
    public var index: UInt64
    /// The record's `seq` in its table.
    public var recordSeq: Int64
    public var leafHash: [UInt8]
    /// The hash chain value after this leaf.
    public var chainHash: [UInt8]

    public init(index: UInt64, recordSeq: Int64, leafHash: [UInt8], chainHash: [UInt8]) {
        self.index = index
        self.recordSeq = recordSeq
        self.leafHash = leafHash
        self.chainHash = chainHash
    }
}

/// The size and last chain value of a log.
public struct LogHead: Sendable, Hashable {
    public var size: UInt64
    public var chainHash: [UInt8]

    public init(size: UInt64, chainHash: [UInt8]) {
        self.size = size
        self.chainHash = chainHash
    }
}

/// A signed checkpoint as kept in the store.
public struct StoredCheckpoint: Sendable, Hashable {
    public var log: LogName
    public var size: UInt64
    public var rootHash: [UInt8]
    /// The C2SP signed note: checkpoint body, blank line, signature line(s).
    public var note: String
    public var createdAt: EventTimestamp

    public init(log: LogName, size: UInt64, rootHash: [UInt8], note: String, createdAt: EventTimestamp) {
        self.log = log
        self.size = size
        self.rootHash = rootHash
        self.note = note
        self.createdAt = createdAt
    }

    /// `{log, treeSize, rootHash (hex), note, createdAt}`, as the CLI, exports and the API print it.
    public var jsonValue: JSONValue {
        [
            "log": .string(log.rawValue), "treeSize": .number(JSONNumber(Int(size))),
            "rootHash": .string(rootHash.hexString), "note": .string(note), "createdAt": .string(createdAt.iso8601),
        ]
    }
}

/// The record that a field's value and salt were erased on purpose.
public struct Redaction: Sendable, Hashable {
    public var log: LogName
    public var recordSeq: Int64
    public var field: String
    public var policyRun: String
    public var reason: String
    public var redactedAt: EventTimestamp

    public init(log: LogName, recordSeq: Int64, field: String, policyRun: String, reason: String,
                redactedAt: EventTimestamp) {
        self.log = log
        self.recordSeq = recordSeq
        self.field = field
        self.policyRun = policyRun
        self.reason = reason
        self.redactedAt = redactedAt
    }
}
