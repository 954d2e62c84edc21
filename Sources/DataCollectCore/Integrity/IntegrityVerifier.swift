import DataCollectIntegrity
import Dispatch

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
    /// Called after each page is read, on the verifying thread: the log, the records read so
    /// far and the log's size (for a progress bar).
    public var progress: (@Sendable (_ log: LogName, _ recordsRead: Int, _ logSize: Int) -> Void)?

    public init(verifierKey: String? = nil, externalCheckpoints: [String] = [],
                progress: (@Sendable (_ log: LogName, _ recordsRead: Int, _ logSize: Int) -> Void)? = nil) {
        self.verifierKey = verifierKey
        self.externalCheckpoints = externalCheckpoints
        self.progress = progress
    }

    public func verify(_ store: any DataStore) throws -> IntegrityReport {
        try store.scan { transaction in
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
        let worker = ScanWorker(LogScan(log: log, redactions: try transaction.redactions(log: log), wantedSizes: wantedSizes))
        try scanRecords(of: log, in: transaction, with: worker)
        var scan = worker.scan

        if scan.failure == nil, let extra = try transaction.leaves(log: log, fromIndex: scan.accumulator.size, limit: 1).first {
            scan.fail(.recordDeleted, seq: extra.recordSeq, guid: nil,
                      "The log has a leaf at index \(extra.index) whose record is gone: a record was deleted.")
        }
        if scan.failure == nil {
            // Every stored node the leaves complete was compared with the one they give during
            // the scan, and no page held more at a level than its leaves complete; index probes
            // then rule out any row outside the stored levels of the tree.
            let size = scan.accumulator.size
            if scan.treeCorrupted { throw scan.corrupted("merkle_nodes", "?") }
            let stray = scan.treeMismatch == nil ? try transaction.merkleNodeOutsideTree(log: log, size: size) : nil
            if scan.treeMismatch != nil || stray != nil {
                let detail = scan.treeMismatch.map { "the first that differs is at level \($0.level), index \($0.index)" }
                    ?? stray.map { "the store holds a node at level \($0.level), index \($0.index), outside the nodes stored for a tree of \(size) leaves (levels \(StoredMerkleLevels.lowest) and above)" } ?? ""
                scan.fail(.treeChanged, seq: nil, guid: nil,
                          "The stored Merkle nodes differ from those recomputed from the leaves (\(detail)): proofs served from them would be false.")
            }
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

    /// Reads the log page by page on this thread while earlier pages are checked on a
    /// background queue, so reading the store and hashing overlap. Up to
    /// ``ScanWorker/pagesInFlight`` pages are read ahead of the check: one page that is slower to
    /// read or to check than the others does not stall the other side. Pages are checked
    /// strictly in order and the scan stops at its first failure, so the failure reported is the
    /// one with the lowest seq, as in a sequential pass. The pages' storage is reused throughout.
    private func scanRecords(of log: LogName, in transaction: any StoreTransaction, with worker: ScanWorker) throws {
        let queue = DispatchQueue(label: "datacollect.verify.\(log.rawValue)")
        let group = DispatchGroup()
        defer { group.wait() }
        var afterSeq: Int64 = 0
        var firstLeaf: UInt64 = 0
        let logSize = progress == nil ? 0 : Int(try transaction.logHead(log).size)
        var hasher = worker.scan.makeHasher()
        while !worker.hasStopped {
            let box = worker.takeFreePage(log: log)
            do {
                try transaction.readSealedPage(log: log, afterSeq: afterSeq, firstLeafIndex: firstLeaf, limit: pageSize, into: &box.page)
            } catch {
                worker.giveBack(box)
                // A sequential pass would have stopped at a failure in a page still being checked.
                group.wait()
                if try worker.finished() { break }
                throw error
            }
            vouchWhileTheCheckIsBusy(for: box, with: &hasher, worker: worker)
            let count = box.page.count
            let last = box.page.records.last?.seq
            worker.willCheck()
            queue.async(group: group) { worker.check(box) }
            progress?(log, Int(firstLeaf) + count, logSize)
            guard let last, count == pageSize else { break }
            afterSeq = last
            firstLeaf += UInt64(count)
        }
        group.wait()
        _ = try worker.finished()
    }

    /// Vouches for the page's records from its first, on this (the reading) thread, for as long
    /// as a page handed over earlier waits for the check: the check then has work, and what is
    /// done here it does not do again. Stops as soon as the check could run out of pages.
    private func vouchWhileTheCheckIsBusy(for box: ScanWorker.PageBox, with hasher: inout RecordLeafHasher, worker: ScanWorker) {
        let page = box.page
        var vouched = box.vouched
        box.vouched = []  // so that the storage is uniquely referenced and kept
        vouched.removeAll(keepingCapacity: true)
        page.bytes.withUnsafeBufferPointer { base in
            for position in page.records.indices {
                guard worker.hasPagesWaiting else { return }
                vouched.append(hasher.vouch(for: page, position, base))
            }
        }
        box.vouched = vouched
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
