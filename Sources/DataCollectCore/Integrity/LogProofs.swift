public import DataCollectIntegrity

/// An RFC 9162 inclusion proof of one record in its log.
public struct InclusionProofResult: Sendable, Hashable {
    public var log: LogName
    public var recordGuid: String
    public var leafIndex: UInt64
    public var treeSize: UInt64
    public var leafHash: [UInt8]
    public var auditPath: [[UInt8]]
    public var rootHash: [UInt8]

    public var jsonValue: JSONValue {
        [
            "log": .string(log.rawValue), "guid": .string(recordGuid),
            "leafIndex": .number(JSONNumber(Int(leafIndex))), "treeSize": .number(JSONNumber(Int(treeSize))),
            "leafHash": .string(leafHash.hexString), "auditPath": .array(auditPath.map { .string($0.hexString) }),
            "rootHash": .string(rootHash.hexString),
        ]
    }
}

/// An RFC 9162 consistency proof between two sizes of a log.
public struct ConsistencyProofResult: Sendable, Hashable {
    public var log: LogName
    public var fromSize: UInt64
    public var toSize: UInt64
    public var fromRoot: [UInt8]
    public var toRoot: [UInt8]
    public var proof: [[UInt8]]

    public var jsonValue: JSONValue {
        [
            "log": .string(log.rawValue), "fromSize": .number(JSONNumber(Int(fromSize))),
            "toSize": .number(JSONNumber(Int(toSize))), "fromRoot": .string(fromRoot.hexString),
            "toRoot": .string(toRoot.hexString), "proof": .array(proof.map { .string($0.hexString) }),
        ]
    }
}

/// Builds proofs from the stored Merkle nodes: O(log n) node reads each.
public enum LogProofs {
    /// Proves that an event is in the events log of `size` leaves (default: the whole log).
    public static func inclusion(ofEvent guid: String, size: UInt64? = nil, in store: any DataStore) throws -> InclusionProofResult {
        try store.read { transaction in
            guard let stored = try transaction.storedEvent(guid: guid),
                  let leaf = try transaction.leaf(log: .events, recordSeq: stored.seq)
            else {
                throw DataCollectError(.entityNotFound, field: "guid", message: "No event with this guid is in the log.")
            }
            let head = try transaction.logHead(.events)
            let treeSize = size ?? head.size
            guard treeSize <= head.size, leaf.index < treeSize else {
                throw DataCollectError(.invalidForm, field: "size",
                                       message: "The tree size must include the event (more than \(leaf.index)) and be at most the log size \(head.size).")
            }
            let reader = StoredMerkleNodes(store: transaction, log: .events)
            return InclusionProofResult(
                log: .events, recordGuid: guid, leafIndex: leaf.index, treeSize: treeSize, leafHash: leaf.leafHash,
                auditPath: try MerkleLog.inclusionProof(index: leaf.index, size: treeSize, reader: reader),
                rootHash: try MerkleLog.root(size: treeSize, reader: reader))
        }
    }

    /// Proves many events in one read, against one tree size: what a pulled page carries.
    /// Events whose leaf is not within the first `size` leaves get no proof.
    public static func inclusions(of events: [StoredEvent], size: UInt64,
                                  in transaction: any StoreTransaction) throws -> [String: InclusionProofResult] {
        try inclusions(log: .events, of: events.map { ($0.event.guid, $0.seq) }, size: size, in: transaction)
    }

    /// Proves many audit entries in one read, against one tree size of the audit log: the
    /// `redact-event` entries a device follows.
    public static func inclusions(of entries: [StoredAuditEntry], size: UInt64,
                                  in transaction: any StoreTransaction) throws -> [String: InclusionProofResult] {
        try inclusions(log: .audit, of: entries.map { ($0.entry.guid, $0.seq) }, size: size, in: transaction)
    }

    /// The records' leaves are read in one query, the Merkle nodes around them a level at a
    /// time (``NeighbourhoodMerkleNodes``), the root once. Keyed by record guid.
    private static func inclusions(log: LogName, of records: [(guid: String, seq: Int64)], size: UInt64,
                                   in transaction: any StoreTransaction) throws -> [String: InclusionProofResult] {
        let head = try transaction.logHead(log)
        guard size <= head.size else {
            throw DataCollectError(.invalidForm, field: "size", message: "The tree size must be at most the log size \(head.size).")
        }
        let leaves = try transaction.leaves(log: log, recordSeqs: records.map(\.seq))
        let proving = records.compactMap { record in
            leaves[record.seq].flatMap { $0.index < size ? (guid: record.guid, leaf: $0) : nil }
        }
        guard !proving.isEmpty else { return [:] }
        let reader = try NeighbourhoodMerkleNodes(store: transaction, log: log, leafIndexes: proving.map(\.leaf.index), size: size)
        let root = try MerkleLog.root(size: size, reader: reader)
        var proofs: [String: InclusionProofResult] = [:]
        for (guid, leaf) in proving {
            proofs[guid] = InclusionProofResult(
                log: log, recordGuid: guid, leafIndex: leaf.index, treeSize: size, leafHash: leaf.leafHash,
                auditPath: try MerkleLog.inclusionProof(index: leaf.index, size: size, reader: reader), rootHash: root)
        }
        return proofs
    }

    /// Proves that the log of size `from` is a prefix of the log of size `to` (default: now).
    public static func consistency(log: LogName = .events, from: UInt64, to: UInt64? = nil,
                                   in store: any DataStore) throws -> ConsistencyProofResult {
        try store.read { transaction in
            let head = try transaction.logHead(log)
            let toSize = to ?? head.size
            guard from <= toSize, toSize <= head.size else {
                throw DataCollectError(.invalidForm, field: "from",
                                       message: "Sizes must satisfy from ≤ to ≤ the log size \(head.size).")
            }
            let reader = StoredMerkleNodes(store: transaction, log: log)
            return ConsistencyProofResult(
                log: log, fromSize: from, toSize: toSize,
                fromRoot: try MerkleLog.root(size: from, reader: reader),
                toRoot: try MerkleLog.root(size: toSize, reader: reader),
                proof: try MerkleLog.consistencyProof(from: from, to: toSize, reader: reader))
        }
    }
}
