public import DataCollectIntegrity

/// What `verify` checked and what it found.
public struct IntegrityReport: Sendable, Hashable {
    /// The first thing found wrong: where, and what differs.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable {
            case valueChanged = "VALUE_CHANGED"
            case fieldAdded = "FIELD_ADDED"
            case unrecordedRedaction = "UNRECORDED_REDACTION"
            case redactionMismatch = "REDACTION_MISMATCH"
            case leafChanged = "LEAF_CHANGED"
            case missingLeaf = "MISSING_LEAF"
            case orderChanged = "ORDER_CHANGED"
            case chainBroken = "CHAIN_BROKEN"
            case recordDeleted = "RECORD_DELETED"
            case treeChanged = "TREE_CHANGED"
            case checkpointMismatch = "CHECKPOINT_MISMATCH"
            case checkpointBeyondLog = "LOG_TRUNCATED_OR_ROLLED_BACK"
            case badSignature = "BAD_SIGNATURE"
            case noVerifierKey = "NO_VERIFIER_KEY"
        }

        public var log: LogName
        public var kind: Kind
        public var seq: Int64?
        public var guid: String?
        public var message: String

        public var description: String {
            var location = "\(log.rawValue) log"
            if let seq { location += ", seq \(seq)" }
            if let guid { location += " (\(guid))" }
            return "\(kind.rawValue) in the \(location): \(message)"
        }

        public var jsonValue: JSONValue {
            var object: [String: JSONValue] = ["log": .string(log.rawValue), "code": .string(kind.rawValue),
                                               "message": .string(message)]
            if let seq { object["seq"] = .number(JSONNumber(Int(seq))) }
            if let guid { object["guid"] = .string(guid) }
            return .object(object)
        }
    }

    public struct LogSummary: Sendable, Hashable {
        public var log: LogName
        public var recordsChecked: Int
        public var fieldsChecked: Int
        /// Redacted fields, by policy run id.
        public var redactedFieldsByPolicyRun: [String: Int]
        public var checkpointsChecked: Int
        public var size: UInt64
        public var rootHash: [UInt8]

        public var jsonValue: JSONValue {
            [
                "log": .string(log.rawValue), "records": .number(JSONNumber(recordsChecked)),
                "fieldsChecked": .number(JSONNumber(fieldsChecked)),
                "redactedFieldsByPolicyRun": .object(redactedFieldsByPolicyRun.mapValues { .number(JSONNumber($0)) }),
                "checkpointsChecked": .number(JSONNumber(checkpointsChecked)),
                "treeSize": .number(JSONNumber(Int(size))), "rootHash": .string(rootHash.hexString),
            ]
        }
    }

    public var logs: [LogSummary]
    public var failure: Failure?
    /// Whether checkpoint signatures were checked against a key given by the auditor (true)
    /// or against the key recorded in the store itself (false).
    public var verifierKeyFromAuditor: Bool

    public var isIntact: Bool { failure == nil }

    public var jsonValue: JSONValue {
        [
            "intact": .bool(isIntact), "logs": .array(logs.map(\.jsonValue)),
            "failure": failure?.jsonValue ?? .null, "verifierKeyFromAuditor": .bool(verifierKeyFromAuditor),
        ]
    }
}
