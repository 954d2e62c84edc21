import DataCollectCore
import DataCollectIntegrity

/// The lines of an archive export's NDJSON files, and reading them back. Seals travel with
/// their records so that a restored store has the very same leaves, chain and roots.
enum ExportRecordCoding {

    static func redaction(_ redaction: Redaction) -> JSONValue {
        [
            "log": .string(redaction.log.rawValue), "seq": .number(JSONNumber(Int(redaction.recordSeq))),
            "field": .string(redaction.field), "policyRun": .string(redaction.policyRun),
            "reason": .string(redaction.reason), "redactedAt": .string(redaction.redactedAt.iso8601),
        ]
    }

    // MARK: Reading back


    static func redaction(from line: JSONValue) throws -> Redaction {
        guard let log = line["log"]?.stringValue.flatMap(LogName.init(rawValue:)), let seq = line["seq"]?.numberValue?.intValue,
              let field = line["field"]?.stringValue, let run = line["policyRun"]?.stringValue,
              let reason = line["reason"]?.stringValue,
              let at = line["redactedAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:))
        else { throw invalid("redactions.ndjson") }
        return Redaction(log: log, recordSeq: Int64(seq), field: field, policyRun: run, reason: reason, redactedAt: at)
    }

    static func checkpoint(from line: JSONValue) throws -> StoredCheckpoint {
        guard let log = line["log"]?.stringValue.flatMap(LogName.init(rawValue:)),
              let size = line["treeSize"]?.numberValue?.intValue,
              let root = line["rootHash"]?.stringValue.flatMap({ [UInt8](hex: $0) }),
              let note = line["note"]?.stringValue,
              let at = line["createdAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:))
        else { throw invalid("checkpoints.ndjson") }
        return StoredCheckpoint(log: log, size: UInt64(size), rootHash: root, note: note, createdAt: at)
    }

    static func invalid(_ file: String) -> DataCollectError {
        DataCollectError(.invalidForm, field: file, message: "A line of \(file) in the export package is not in the export format.")
    }
}
