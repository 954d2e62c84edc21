public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// Restores an `archive` export into an empty store, exactly: the same events with the same
/// `seq`, `recordedAt` and seals, the same audit trail, redactions and checkpoints — hence the
/// same leaves, chains and roots — then re-derives the entities. One transaction: a damaged
/// package (a checksum that does not match its manifest, a line out of format) restores nothing.
public struct StoreRestorer {
    public let manager: EntityDataManager

    public init(manager: EntityDataManager) {
        self.manager = manager
    }

    /// Whether `path` is a DataCollect export package (a bag whose payload has `store.json`).
    /// A directory is checked directly; a packed file must start with `bagit.txt`, as ours do,
    /// so an ordinary archive is told apart from its first member without reading it all.
    public static func isExportPackage(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return false }
        if isDirectory.boolValue {
            return FileManager.default.fileExists(atPath: path + "/bagit.txt")
                && FileManager.default.fileExists(atPath: path + "/data/store.json")
        }
        struct Decided: Error { let isPackage: Bool }
        do {
            var sawBagIt = false
            try BagFiles.forEach(at: path) { relative, _ in
                if relative == "data/store.json" { throw Decided(isPackage: sawBagIt) }
                guard relative == "bagit.txt" || sawBagIt else { throw Decided(isPackage: false) }
                sawBagIt = true
            }
        } catch let decided as Decided {
            return decided.isPackage
        } catch {
            return false
        }
        return false
    }

    public func restore(from path: String) throws -> ExportReceipt {
        let isEmpty = try manager.store.read { try $0.eventCount() == 0 && $0.recordCount(log: .audit) == 0 }
        guard isEmpty else {
            throw DataCollectExportError("A package restores only into an empty database; this one already holds events.")
        }
        var receipt = ExportReceipt(path: path, events: 0, auditEntries: 0, entities: 0, stateHash: "")
        try manager.store.write { transaction in
            var digests: [String: String] = [:]
            var manifest = ""
            var store: JSONValue?
            var redactions: [Redaction] = []
            var auditSeqs: [Int64: Int64] = [:]
            try BagFiles.forEach(at: path) { relative, next in
                var hasher = StreamingSHA256()
                var splitter = RecordSplitter(maxRecordBytes: 64 << 20, preferWholeValues: false)
                var whole: [UInt8] = []
                let keepWhole = relative == "manifest-sha256.txt" || relative == "data/store.json"
                let lineHandler = lineHandler(for: relative, transaction: transaction,
                                              redactions: { redactions.append($0) }, auditSeq: { auditSeqs[$0] = $1 })
                while let block = try next() {
                    hasher.update(block)
                    if keepWhole { whole.append(contentsOf: block) }
                    if let lineHandler { try splitter.feed(block, emit: lineHandler) }
                }
                if let lineHandler { try splitter.finish(emit: lineHandler) }
                digests[relative] = hasher.finalizeHex()
                if relative == "manifest-sha256.txt" { manifest = String(decoding: whole, as: UTF8.self) }
                if relative == "data/store.json" { store = try JSONParser.parse(whole) }
            }
            for line in manifest.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, digests[parts[1]] == parts[0] else {
                    throw DataCollectExportError("The package's file \(parts.last ?? "?") does not match its checksum in manifest-sha256.txt; nothing was restored.")
                }
            }
            guard let store else { throw DataCollectExportError("The package has no data/store.json; it is not a DataCollect export.") }
            for var redaction in redactions {
                if redaction.log == .audit {
                    guard let seq = auditSeqs[redaction.recordSeq] else {
                        throw DataCollectExportError("redactions.ndjson names an audit entry the package does not hold.")
                    }
                    redaction.recordSeq = seq
                }
                try transaction.save(redaction)
            }
            if let origin = store["origin"]?.stringValue, !origin.isEmpty {
                try transaction.setMetadata(IntegrityMetadata.origin, origin)
            }
            if let key = store["verifierKey"]?.stringValue, !key.isEmpty {
                try transaction.setMetadata(IntegrityMetadata.verifierKey, key)
            }
            try manager.projector.rebuild(in: transaction, recordedAt: manager.clock(), auditing: false)
            receipt.entities = try transaction.entityCount()
            receipt.events = try transaction.eventCount()
            receipt.auditEntries = try transaction.recordCount(log: .audit)
            receipt.stateHash = try StateHash.compute(transaction)
            guard receipt.stateHash == store["stateHash"]?.stringValue else {
                throw DataCollectExportError("The restored entities do not give the state hash recorded in the package; nothing was restored.")
            }
        }
        return receipt
    }

    /// What to do with each line of a payload file, or nil for files read whole.
    /// Audit entries keep their order but may be renumbered (the source's numbering can have
    /// gaps); `auditSeq` learns old → new so audit redaction records can follow.
    private func lineHandler(for relative: String, transaction: any StoreTransaction,
                             redactions: @escaping (Redaction) -> Void,
                             auditSeq: @escaping (Int64, Int64) -> Void) -> ((SplitRecord) throws -> Void)? {
        let appender = manager.projector.appender
        func parsed(_ record: SplitRecord) throws -> JSONValue {
            guard case .bytes(let bytes) = record.content else {
                throw DataCollectExportError("\(relative) has a line that is too large or malformed.")
            }
            return try JSONParser.parse(bytes)
        }
        switch relative {
        case "data/events.ndjson":
            return { record in
                let (stored, seals) = try SealedRecordCoding.storedEvent(try parsed(record))
                guard case .appended(let seq) = try transaction.append(stored.event, recordedAt: stored.recordedAt),
                      seq == stored.seq
                else { throw DataCollectExportError("events.ndjson is out of order or repeats an event at seq \(stored.seq).") }
                try appender.appendSealed(log: .events, recordSeq: seq, header: LeafHeader.event(stored), seals: seals, in: transaction)
            }
        case "data/audit.ndjson":
            return { record in
                let (stored, seals) = try SealedRecordCoding.storedAudit(try parsed(record))
                guard let appended = try transaction.append(stored.entry, recordedAt: stored.recordedAt) else {
                    throw DataCollectExportError("audit.ndjson repeats the entry at seq \(stored.seq).")
                }
                auditSeq(stored.seq, appended.seq)
                try appender.appendSealed(log: .audit, recordSeq: appended.seq, header: LeafHeader.audit(stored), seals: seals, in: transaction)
            }
        case "data/redactions.ndjson":
            return { record in redactions(try ExportRecordCoding.redaction(from: try parsed(record))) }
        case "data/checkpoints.ndjson":
            return { record in try transaction.save(try ExportRecordCoding.checkpoint(from: try parsed(record))) }
        default:
            return nil
        }
    }
}
