public import DataCollectIntegrity

/// What a store keeps for tamper evidence: field seals, log leaves with their chain, the
/// perfect Merkle nodes, signed checkpoints and redaction records.
public protocol IntegrityStore {
    func logHead(_ log: LogName) throws -> LogHead
    func saveSeals(_ seals: [FieldSeal], log: LogName, recordSeq: Int64) throws
    func seals(log: LogName, recordSeq: Int64) throws -> [FieldSeal]
    func appendLeaf(_ leaf: LogLeaf, log: LogName) throws
    func leaf(log: LogName, recordSeq: Int64) throws -> LogLeaf?
    /// Leaves with index ≥ `fromIndex`, in index order.
    func leaves(log: LogName, fromIndex: UInt64, limit: Int) throws -> [LogLeaf]
    func merkleNode(log: LogName, level: Int, index: UInt64) throws -> [UInt8]?
    func saveMerkleNodes(_ nodes: [MerkleNode], log: LogName) throws
    /// Stored nodes ordered by (level, index), after the given position (nil: from the start).
    /// A page may hold fewer than `limit` nodes before the end; only an empty page ends.
    func merkleNodes(log: LogName, after position: (level: Int, index: UInt64)?, limit: Int) throws -> [MerkleNode]
    func save(_ checkpoint: StoredCheckpoint) throws
    /// Checkpoints of a log, oldest first.
    func checkpoints(log: LogName) throws -> [StoredCheckpoint]
    func save(_ redaction: Redaction) throws
    func redactions(log: LogName) throws -> [Redaction]
    /// Erases a field's value from the record and its salt from the seal; the commitment stays.
    func eraseField(_ field: String, log: LogName, recordSeq: Int64) throws
    /// Records with `seq` greater than `afterSeq`, in seq order, as they are stored now.
    func sealedRecords(log: LogName, afterSeq: Int64, limit: Int) throws -> [SealedRecord]
    func recordCount(log: LogName) throws -> Int
}

/// A record as the verifier reads it: its header, the values still present, its seals and
/// its leaf (nil when the store holds none: a record inserted behind datacollect's back).
public struct SealedRecord: Sendable, Hashable {
    public var seq: Int64
    /// The record's guid (event or audit entry), for reports.
    public var guid: String
    public var header: [String: JSONValue]
    public var values: [String: JSONValue]
    public var seals: [FieldSeal]
    public var leaf: LogLeaf?

    public init(seq: Int64, guid: String, header: [String: JSONValue], values: [String: JSONValue],
                seals: [FieldSeal], leaf: LogLeaf?) {
        self.seq = seq
        self.guid = guid
        self.header = header
        self.values = values
        self.seals = seals
        self.leaf = leaf
    }
}
