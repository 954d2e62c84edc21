public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The `archive` export profile: the whole store at full fidelity — every event and audit
/// entry with its seals, redaction records, checkpoints, and the derived entities — as a
/// BagIt package. Restoring it into an empty database gives the same state hash, the same
/// Merkle roots and checkpoints that still verify.
public struct ArchiveExporter {
    public enum Format: String, Sendable, CaseIterable { case dir, tarGz = "tar.gz", zip }

    public let manager: EntityDataManager
    public let pageSize = 5_000

    /// Called after each page of log records written: records so far, of both logs' records
    /// (for a progress bar).
    public var progress: ProgressHandler?

    public init(manager: EntityDataManager, progress: ProgressHandler? = nil) {
        self.manager = manager
        self.progress = progress
    }

    /// Writes the package to `output` (a new directory, or a .tar.gz/.zip file holding it)
    /// and records the export in the audit trail first, so the package contains that entry.
    /// - Parameter recipient: whom the package is for, recorded in the audit trail when given.
    public func export(to output: String, format: Format, actor: String, tool: String, recipient: String? = nil,
                       at time: EventTimestamp = .now()) throws -> ExportReceipt {
        let details = try ExportProvenance.details(of: manager.store, recipient: recipient, merging: [
            "profile": "archive", "output": .string((output as NSString).lastPathComponent),
        ])
        try manager.recordAccess(action: "export", actor: actor, entityGuid: "*", details: details, at: time)
        let bagRoot = BagPacker.stagingRoot(for: output, format: format)
        let writer = try BagItWriter(root: bagRoot)
        var receipt = ExportReceipt(path: output, events: 0, auditEntries: 0, entities: 0, stateHash: "")
        try manager.store.read { transaction in
            let total = try LogName.allCases.reduce(0) { $0 + Int(try transaction.logHead($1).size) }
            receipt.events = try writeLog(.events, transaction, writer, done: 0, total: total)
            receipt.auditEntries = try writeLog(.audit, transaction, writer, done: receipt.events, total: total)
            try writer.addPayload("redactions.ndjson") { file in
                for log in LogName.allCases {
                    for redaction in try transaction.redactions(log: log) { try file.writeLine(ExportRecordCoding.redaction(redaction)) }
                }
            }
            var checkpointLine = ""
            try writer.addPayload("checkpoints.ndjson") { file in
                for log in LogName.allCases {
                    for checkpoint in try transaction.checkpoints(log: log) {
                        try file.writeLine(checkpoint.jsonValue)
                        if log == .events { checkpointLine = "\(checkpoint.size) \(checkpoint.rootHash.hexString) \(checkpoint.createdAt.iso8601)" }
                    }
                }
            }
            try writer.addPayload("entities.ndjson") { file in
                try transaction.forEachRecord { record in
                    receipt.entities += 1
                    try file.writeLine(record.entity.jsonValue)
                }
            }
            receipt.stateHash = try StateHash.compute(transaction)
            var logs: [String: JSONValue] = [:]
            for log in LogName.allCases {
                let head = try transaction.logHead(log)
                logs[log.rawValue] = [
                    "treeSize": .number(JSONNumber(Int(head.size))),
                    "rootHash": .string(try MerkleLog.root(size: head.size, reader: StoredMerkleNodes(store: transaction, log: log)).hexString),
                ]
            }
            let store: JSONValue = [
                "format": "datacollect-archive-export", "version": 1, "profile": "archive",
                "origin": .string(try transaction.metadata(IntegrityMetadata.origin) ?? ""),
                "verifierKey": .string(try transaction.metadata(IntegrityMetadata.verifierKey) ?? ""),
                "stateHash": .string(receipt.stateHash), "logs": .object(logs),
                "exportedAt": .string(time.iso8601), "exportedBy": .string(actor), "tool": .string(tool),
            ]
            try writer.addPayload("store.json") { try $0.write(Array(store.prettyPrinted().utf8)) }
            try writer.addPayload("datapackage.json") { try $0.write(Array(ExportDocuments.dataPackage.prettyPrinted().utf8)) }
            try writer.addPayload("README.md") { try $0.write(Array(ExportDocuments.archiveReadme.utf8)) }
            try writer.finish(info: [
                ("Source-Organization", "DataCollect store \(try transaction.metadata(IntegrityMetadata.origin) ?? "")"),
                ("External-Description", "Archive export of a DataCollect store: events, audit trail, checkpoints, entities."),
                ("DataCollect-Profile", "archive"),
                ("DataCollect-Events", String(receipt.events)),
                ("DataCollect-Audit-Entries", String(receipt.auditEntries)),
                ("DataCollect-Entities", String(receipt.entities)),
                ("DataCollect-State-Hash", receipt.stateHash),
                ("DataCollect-Checkpoint", checkpointLine.isEmpty ? "none" : checkpointLine),
            ], baggingDate: String(time.iso8601.prefix(10)))
        }
        try BagPacker.packIfNeeded(staged: bagRoot, into: output, format: format)
        return receipt
    }

    private func writeLog(_ log: LogName, _ transaction: any StoreTransaction, _ writer: BagItWriter,
                          done: Int, total: Int) throws -> Int {
        var count = 0
        try writer.addPayload(log == .events ? "events.ndjson" : "audit.ndjson") { file in
            var after: Int64 = 0
            while true {
                let lines: [(Int64, JSONValue)]
                if log == .events {
                    let page = try transaction.events(afterSeq: after, limit: pageSize)
                    let seals = try transaction.seals(log: log, recordSeqs: page.map(\.seq))
                    lines = page.map { ($0.seq, SealedRecordCoding.event($0, seals: seals[$0.seq] ?? [])) }
                } else {
                    let page = try transaction.auditEntries(afterSeq: after, limit: pageSize)
                    let seals = try transaction.seals(log: log, recordSeqs: page.map(\.seq))
                    lines = page.map { ($0.seq, SealedRecordCoding.audit($0, seals: seals[$0.seq] ?? [])) }
                }
                guard let last = lines.last else { break }
                for (_, line) in lines { try file.writeLine(line) }
                count += lines.count
                after = last.0
                progress?(done + count, total)
            }
        }
        return count
    }
}

/// What an export wrote.
public struct ExportReceipt: Sendable, Hashable {
    public var path: String
    public var events: Int
    public var auditEntries: Int
    public var entities: Int
    public var stateHash: String
}
