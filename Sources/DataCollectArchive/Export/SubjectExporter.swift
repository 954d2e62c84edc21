public import DataCollectCore
import DataCollectIntegrity
import Foundation

/// The `subject` export profile, for data portability: one person or household — its current
/// data (JSON and CSV), its history (the events about it), the audit entries about it (who
/// changed or accessed it), inclusion proofs of its events against the latest signed
/// checkpoint, JSON Schemas of every file and a plain-language README. Redacted values are
/// shown as redacted, never recovered. The export is recorded in the audit trail.
public struct SubjectExporter {
    public let manager: EntityDataManager

    public init(manager: EntityDataManager) {
        self.manager = manager
    }

    /// - Parameter recipient: whom the package is for, recorded in the audit trail when given.
    public func export(subject guid: String, to output: String, format: ArchiveExporter.Format, actor: String,
                       tool: String, recipient: String? = nil, at time: EventTimestamp = .now()) throws -> ExportReceipt {
        let scope = try subjectScope(guid)
        let details = try ExportProvenance.details(of: manager.store, recipient: recipient, merging: [
            "profile": "subject", "entities": .number(JSONNumber(scope.count)),
            "output": .string((output as NSString).lastPathComponent),
        ])
        try manager.recordAccess(action: "export", actor: actor, entityGuid: guid, details: details, at: time)
        let bagRoot = BagPacker.stagingRoot(for: output, format: format)
        let writer = try BagItWriter(root: bagRoot)
        var receipt = ExportReceipt(path: output, events: 0, auditEntries: 0, entities: scope.count, stateHash: "")
        try manager.store.read { transaction in
            let entities = try scope.sorted().compactMap { try transaction.record(guid: $0)?.entity }
            try writer.addPayload("subject.json") { try $0.write(Array(JSONValue.array(entities.map(\.jsonValue)).prettyPrinted().utf8)) }
            try writer.addPayload("subject.csv") { try $0.write(Array(SubjectTables.csv(entities).utf8)) }

            let checkpoint = try transaction.checkpoints(log: .events).last
            let head = try transaction.logHead(.events)
            let reader = StoredMerkleNodes(store: transaction, log: .events)
            let eventGuids = try transaction.eventGuids(touching: scope)
            let history = try eventGuids.compactMap { try transaction.storedEvent(guid: $0) }.sorted { $0.seq < $1.seq }
            receipt.events = history.count
            try writer.addPayload("history.ndjson") { file in
                for stored in history {
                    let redacted = try transaction.seals(log: .events, recordSeq: stored.seq).filter { $0.salt == nil }.map(\.field)
                    try file.writeLine([
                        "seq": .number(JSONNumber(Int(stored.seq))), "recordedAt": .string(stored.recordedAt.iso8601),
                        "event": stored.event.jsonValue, "redactedFields": .array(redacted.sorted().map(JSONValue.string)),
                    ])
                }
            }
            try writer.addPayload("proofs.ndjson") { file in
                for stored in history {
                    guard let leaf = try transaction.leaf(log: .events, recordSeq: stored.seq) else { continue }
                    let covered = checkpoint.map { leaf.index < $0.size } ?? false
                    let size = covered ? (checkpoint?.size ?? head.size) : head.size
                    try file.writeLine([
                        "eventGuid": .string(stored.event.guid), "leafIndex": .number(JSONNumber(Int(leaf.index))),
                        "treeSize": .number(JSONNumber(Int(size))), "leafHash": .string(leaf.leafHash.hexString),
                        "auditPath": .array(try MerkleLog.inclusionProof(index: leaf.index, size: size, reader: reader).map { .string($0.hexString) }),
                        "rootHash": .string(try MerkleLog.root(size: size, reader: reader).hexString),
                        "coveredByCheckpoint": .bool(covered),
                    ])
                }
            }
            var audit: [StoredAuditEntry] = []
            for entity in scope.sorted() { audit += try transaction.auditEntries(entityGuid: entity) }
            receipt.auditEntries = audit.count
            try writer.addPayload("audit.ndjson") { file in
                for stored in audit.sorted(by: { $0.seq < $1.seq }) {
                    var object = stored.entry.jsonValue.objectValue ?? [:]
                    object["seq"] = .number(JSONNumber(Int(stored.seq)))
                    object["recordedAt"] = .string(stored.recordedAt.iso8601)
                    try file.writeLine(.object(object))
                }
            }
            try writer.addPayload("checkpoint.txt") { try $0.write(Array((checkpoint?.note ?? "").utf8)) }
            let store: JSONValue = [
                "format": "datacollect-subject-export", "version": 1, "profile": "subject", "subject": .string(guid),
                "verifierKey": .string(try transaction.metadata(IntegrityMetadata.verifierKey) ?? ""),
                "exportedAt": .string(time.iso8601), "exportedBy": .string(actor), "tool": .string(tool),
            ]
            try writer.addPayload("export.json") { try $0.write(Array(store.prettyPrinted().utf8)) }
            for (name, schema) in SubjectTables.schemas {
                try writer.addPayload("schemas/\(name)") { try $0.write(Array(schema.prettyPrinted().utf8)) }
            }
            try writer.addPayload("datapackage.json") { try $0.write(Array(SubjectTables.dataPackage.prettyPrinted().utf8)) }
            try writer.addPayload("README.md") { try $0.write(Array(SubjectTables.readme(subject: guid, checkpointed: checkpoint != nil).utf8)) }
            try writer.finish(info: [
                ("External-Description", "Data-portability export of one person or household from a DataCollect store."),
                ("DataCollect-Profile", "subject"), ("DataCollect-Subject", guid),
                ("DataCollect-Entities", String(entities.count)), ("DataCollect-Events", String(history.count)),
                ("DataCollect-Checkpoint", checkpoint.map { "\($0.size) \($0.rootHash.hexString) \($0.createdAt.iso8601)" } ?? "none"),
            ], baggingDate: String(time.iso8601.prefix(10)))
        }
        try BagPacker.packIfNeeded(staged: bagRoot, into: output, format: format)
        return receipt
    }

    /// The subject and, for a household, its members at any depth.
    private func subjectScope(_ guid: String) throws -> Set<String> {
        try manager.store.read { transaction in
            guard try transaction.record(guid: guid) != nil else {
                throw DataCollectError(.entityNotFound, field: "subject", message: "No live entity with this guid exists in this store.")
            }
            var scope: Set<String> = []
            var frontier = [guid]
            while let next = frontier.popLast() {
                guard scope.insert(next).inserted, let record = try transaction.record(guid: next) else { continue }
                frontier += record.entity.memberIds
            }
            return scope
        }
    }
}
