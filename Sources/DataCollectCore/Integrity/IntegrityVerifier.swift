public import DataCollectIntegrity

/// Recomputes everything a store claims about its logs and names the first thing that differs:
/// every field commitment whose value is present, every leaf, every hash-chain link, the
/// Merkle root from the leaves and from the stored nodes, and every checkpoint's signature and
/// root. Redactions are reported, never as tampering — unless their record does not match.
public struct IntegrityVerifier: Sendable {
    /// The checkpoint verifier key (`name+keyid+base64`). Nil: use the key recorded in the store
    /// (weaker: someone able to rewrite the store could have replaced it; the report says so).
    public var verifierKey: String?
    /// Checkpoints given by an auditor (signed note text), checked against today's log.
    public var externalCheckpoints: [String]
    public var pageSize = 2_000

    public init(verifierKey: String? = nil, externalCheckpoints: [String] = []) {
        self.verifierKey = verifierKey
        self.externalCheckpoints = externalCheckpoints
    }

    public func verify(_ store: any DataStore) throws -> IntegrityReport {
        try store.read { transaction in
            let storedKey = try transaction.metadata(IntegrityMetadata.verifierKey)
            var report = IntegrityReport(logs: [], failure: nil, verifierKeyFromAuditor: verifierKey != nil)
            let key = verifierKey ?? storedKey
            for log in LogName.allCases {
                let (summary, failure) = try verify(log, in: transaction, key: key)
                report.logs.append(summary)
                if report.failure == nil, let failure { report.failure = failure }
            }
            return report
        }
    }

    private func verify(_ log: LogName, in transaction: any StoreTransaction, key: String?) throws
        -> (IntegrityReport.LogSummary, IntegrityReport.Failure?) {
        let checkpoints = try transaction.checkpoints(log: log)
        let external = try externalCheckpoints.compactMap { try ExternalCheckpoint.parse($0, log: log) }
        let wantedSizes = Set(checkpoints.map(\.size) + external.map(\.checkpoint.size))
        var scan = LogScan(log: log, redactions: try transaction.redactions(log: log), wantedSizes: wantedSizes)

        var afterSeq: Int64 = 0
        scanning: while true {
            let page = try transaction.sealedRecords(log: log, afterSeq: afterSeq, limit: pageSize)
            for record in page {
                scan.check(record)
                if scan.failure != nil { break scanning }
            }
            guard let last = page.last, page.count == pageSize else { break }
            afterSeq = last.seq
        }
        if scan.failure == nil, let extra = try transaction.leaves(log: log, fromIndex: scan.accumulator.size, limit: 1).first {
            scan.fail(.recordDeleted, seq: extra.recordSeq, guid: nil,
                      "The log has a leaf at index \(extra.index) whose record is gone: a record was deleted.")
        }
        if scan.failure == nil, try storedNodes(of: log, in: transaction) != scan.nodes {
            scan.fail(.treeChanged, seq: nil, guid: nil,
                      "The stored Merkle nodes differ from those recomputed from the leaves: proofs served from them would be false.")
        }
        var checked = 0
        if scan.failure == nil {
            let verifier = try key.map { key throws(SignedNoteError) in try NoteVerifier(verifierKey: key) }
            for checkpoint in checkpoints where scan.failure == nil {
                scan.checkCheckpoint(note: checkpoint.note, claimedSize: checkpoint.size, claimedRoot: checkpoint.rootHash,
                                     verifier: verifier, source: "stored checkpoint of \(checkpoint.createdAt.iso8601)")
                checked += 1
            }
            for item in external where scan.failure == nil {
                scan.checkCheckpoint(note: item.note, claimedSize: item.checkpoint.size, claimedRoot: item.checkpoint.rootHash,
                                     verifier: verifier, source: "the auditor's checkpoint")
                checked += 1
            }
        }
        let summary = IntegrityReport.LogSummary(
            log: log, recordsChecked: scan.records, fieldsChecked: scan.fields,
            redactedFieldsByPolicyRun: scan.redactedByRun, checkpointsChecked: checked,
            size: scan.accumulator.size, rootHash: scan.accumulator.root)
        return (summary, scan.failure)
    }
}

extension IntegrityVerifier {
    /// The digest of the nodes the store holds for a log, streamed in pages.
    func storedNodes(of log: LogName, in transaction: any StoreTransaction) throws -> MultisetDigest {
        var digest = MultisetDigest()
        var position: (level: Int, index: UInt64)?
        while true {
            let page = try transaction.merkleNodes(log: log, after: position, limit: pageSize)
            for node in page { digest.insert(node) }
            guard let last = page.last else { return digest }  // pages may be short at level ends
            position = (last.level, last.index)
        }
    }
}

/// Names of store metadata the integrity layer keeps.
public enum IntegrityMetadata {
    /// The checkpoint verifier key written by `datacollect init`.
    public static let verifierKey = "integrity.verifierKey"
    /// The checkpoint origin prefix (`datacollect/<store id>`).
    public static let origin = "integrity.origin"
}

/// A checkpoint handed in by an auditor, for one log.
struct ExternalCheckpoint {
    var note: String
    var checkpoint: Checkpoint

    /// The checkpoint if it is for `log` (its origin ends in `/<log>`), nil if for another log.
    static func parse(_ text: String, log: LogName) throws -> ExternalCheckpoint? {
        let note = try SignedNote(parsing: text)
        let checkpoint = try Checkpoint(body: note.text)
        guard checkpoint.origin.hasSuffix("/\(log.rawValue)") else { return nil }
        return ExternalCheckpoint(note: text, checkpoint: checkpoint)
    }
}
