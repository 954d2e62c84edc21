public import DataCollectIntegrity

/// Seals a new record and appends it to its log: a fresh random salt per field, the field
/// commitments, the leaf, the next hash-chain link and the Merkle nodes the leaf completes.
/// O(log n) work per record, never a rebuild.
public struct LogAppender: Sendable {
    /// Where salts come from: `SystemRandomNumberGenerator` by default; tests inject a fixed source.
    public let saltSource: @Sendable () -> [UInt8]

    public init(saltSource: @escaping @Sendable () -> [UInt8] = LogAppender.randomSalt) {
        self.saltSource = saltSource
    }

    /// 16 bytes from the system's cryptographic random source.
    public static func randomSalt() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var salt: [UInt8] = []
        salt.reserveCapacity(FieldCommitment.minimumSaltLength)
        while salt.count < FieldCommitment.minimumSaltLength {
            let word = generator.next()  // 8 bytes per call to the system source
            for shift in stride(from: 0, to: 64, by: 8) { salt.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(salt.prefix(FieldCommitment.minimumSaltLength))
    }

    public func append(log: LogName, recordSeq: Int64, header: [String: JSONValue],
                       values: [String: JSONValue], in store: any IntegrityStore) throws {
        let seals = values.sorted(by: { $0.key < $1.key }).map { field, value in
            let salt = saltSource()
            return FieldSeal(field: field, salt: salt, commitment: FieldCommitment.compute(salt: salt, key: field, value: value))
        }
        try appendSealed(log: log, recordSeq: recordSeq, header: header, seals: seals, in: store)
    }

    /// Appends a record whose seals already exist (restoring an exported store): the leaf is
    /// recomputed from the header and the given commitments, so it matches the source's.
    public func appendSealed(log: LogName, recordSeq: Int64, header: [String: JSONValue], seals: [FieldSeal],
                             in store: any IntegrityStore) throws {
        let commitments = Dictionary(seals.map { ($0.field, $0.commitment) }, uniquingKeysWith: { first, _ in first })
        let leafHash = MerkleHashing.leafHash(LeafInput.bytes(log: log.rawValue, header: header, commitments: commitments))
        let head = try store.logHead(log)
        try store.appendLeaf(LogLeaf(index: head.size, recordSeq: recordSeq, leafHash: leafHash,
                                     chainHash: HashChain.link(previous: head.chainHash, leafHash: leafHash)),
                             seals: seals, log: log)
        try store.saveMerkleNodes(try MerkleLog.nodesCompleted(byAppending: leafHash, at: head.size,
                                                                reader: StoredMerkleNodes(store: store, log: log)), log: log)
    }

    /// Seals a stored event.
    public func append(_ stored: StoredEvent, in store: any IntegrityStore) throws {
        try append(log: .events, recordSeq: stored.seq, header: LeafHeader.event(stored),
                   values: LeafHeader.eventValues(stored), in: store)
    }

    /// Seals a stored audit entry.
    public func append(_ stored: StoredAuditEntry, in store: any IntegrityStore) throws {
        try append(log: .audit, recordSeq: stored.seq, header: LeafHeader.audit(stored),
                   values: LeafHeader.auditValues(stored), in: store)
    }

    /// Appends entries to the audit trail and seals the new ones (those whose guid was not
    /// stored yet), in `seq` order: every entry enters the trail this way.
    /// - Returns: the entries that were new.
    @discardableResult
    public func appendAudit(_ entries: [AuditEntry], recordedAt: EventTimestamp,
                            in transaction: any StoreTransaction) throws -> [StoredAuditEntry] {
        let stored = try transaction.append(entries, recordedAt: recordedAt)
        for entry in stored { try append(entry, in: transaction) }
        return stored
    }
}

/// The perfect Merkle nodes of one log, read from the store.
public struct StoredMerkleNodes: MerkleNodeReader {
    public let store: any IntegrityStore
    public let log: LogName

    public init(store: any IntegrityStore, log: LogName) {
        self.store = store
        self.log = log
    }

    public func node(level: Int, index: UInt64) throws -> [UInt8] {
        guard let hash = try store.merkleNode(log: log, level: level, index: index) else {
            throw DataCollectError(.storeCorrupted, field: "merkle_nodes",
                                   message: "The \(log.rawValue) log is missing a Merkle node (level \(level), index \(index)); the store was changed outside datacollect.")
        }
        return hash
    }
}
