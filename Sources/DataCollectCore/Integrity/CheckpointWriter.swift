public import DataCollectIntegrity

/// Signs the current size and root of each log as a C2SP `tlog-checkpoint` note and keeps it
/// in the store with its time.
///
/// ```swift
/// let writer = CheckpointWriter(signer: try NoteSigner(privateKeyText: keyText))
/// let checkpoints = try writer.checkpoint(store, at: .now())
/// print(checkpoints[0].note)
/// ```
public struct CheckpointWriter: Sendable {
    public let signer: NoteSigner

    public init(signer: NoteSigner) {
        self.signer = signer
    }

    /// The origin line of a log's checkpoints: `<store origin>/<log>`.
    public static func origin(base: String, log: LogName) -> String { "\(base)/\(log.rawValue)" }

    /// Checkpoints every log at its current size, in one transaction.
    public func checkpoint(_ store: any DataStore, at time: EventTimestamp) throws -> [StoredCheckpoint] {
        try store.write { transaction in
            guard let base = try transaction.metadata(IntegrityMetadata.origin) else {
                throw DataCollectError(.storeCorrupted, field: "store_metadata",
                                       message: "The store has no checkpoint origin; run datacollect init on it first.")
            }
            if let recorded = try transaction.metadata(IntegrityMetadata.verifierKey), recorded != signer.verifierKey {
                throw DataCollectError(.invalidForm, field: "key",
                                       message: "This signing key is not the one recorded for this store at init; use the store's own key.")
            }
            return try LogName.allCases.map { log in
                let head = try transaction.logHead(log)
                let root = try MerkleLog.root(size: head.size, reader: StoredMerkleNodes(store: transaction, log: log))
                let body = Checkpoint(origin: Self.origin(base: base, log: log), size: head.size, rootHash: root).body
                let note = try signer.sign(body).serialized
                let stored = StoredCheckpoint(log: log, size: head.size, rootHash: root, note: note, createdAt: time)
                try transaction.save(stored)
                return stored
            }
        }
    }
}
