public import DataCollectIntegrity

/// What happened to each record of a submission, in input order, and the totals.
public struct SubmissionReport: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Stored under `seq`; `status` says whether it applied, waits, or cannot apply.
        case appended(seq: Int64, status: EventStatus)
        /// The same event was already stored: nothing changed.
        case alreadyPresent(seq: Int64)
        /// Another event with this guid and different content is stored: this one was refused.
        case conflict(existingSeq: Int64)
        /// Malformed: not stored.
        case rejected(DataCollectError)
    }

    public struct Item: Sendable, Hashable {
        /// Position in the submitted batch (0-based).
        public var index: Int
        /// The event guid, when the record had a readable one.
        public var guid: String?
        public var outcome: Outcome
    }

    public var items: [Item]
    /// Entities re-folded because late events arrived.
    public var refoldedEntityCount: Int

    public var appended: Int { items.count { if case .appended = $0.outcome { true } else { false } } }
    public var alreadyPresent: Int { items.count { if case .alreadyPresent = $0.outcome { true } else { false } } }
    public var conflicts: Int { items.count { if case .conflict = $0.outcome { true } else { false } } }
    public var rejected: Int { items.count { if case .rejected = $0.outcome { true } else { false } } }
    public var pending: Int {
        items.count { if case .appended(_, .pending) = $0.outcome { true } else { false } }
    }
    public var skipped: Int {
        items.count { if case .appended(_, .skipped) = $0.outcome { true } else { false } }
    }

    /// True when every record was stored or already present.
    public var isClean: Bool { rejected == 0 && conflicts == 0 }

    /// The error a conflicting record is reported with.
    public static let conflictError = DataCollectError(
        .duplicateEventGuid, field: "guid", message: "Another event with this guid and different content is already stored.")

    public var jsonValue: JSONValue {
        let list: [JSONValue] = items.map { item in
            var object: [String: JSONValue] = ["index": .number(JSONNumber(item.index))]
            if let guid = item.guid { object["guid"] = .string(guid) }
            switch item.outcome {
            case .appended(let seq, let status):
                object["outcome"] = "appended"
                object["seq"] = .number(JSONNumber(Int(seq)))
                object["status"] = .string(status.name)
                if let reason = status.reason { object["reason"] = reason.jsonValue }
            case .alreadyPresent(let seq):
                object["outcome"] = "already-present"
                object["seq"] = .number(JSONNumber(Int(seq)))
            case .conflict(let seq):
                object["outcome"] = "conflict"
                object["existingSeq"] = .number(JSONNumber(Int(seq)))
                object["reason"] = Self.conflictError.jsonValue
            case .rejected(let error):
                object["outcome"] = "rejected"
                object["reason"] = error.jsonValue
            }
            return .object(object)
        }
        return [
            "appended": .number(JSONNumber(appended)), "alreadyPresent": .number(JSONNumber(alreadyPresent)),
            "conflicts": .number(JSONNumber(conflicts)), "rejected": .number(JSONNumber(rejected)),
            "pending": .number(JSONNumber(pending)), "skipped": .number(JSONNumber(skipped)),
            "refoldedEntities": .number(JSONNumber(refoldedEntityCount)), "items": .array(list),
        ]
    }
}

extension DataCollectError {
    /// `{code, message, field?}`, the shape every JSON error output uses.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["code": .string(code.rawValue), "message": .string(message)]
        if let field { object["field"] = .string(field) }
        return .object(object)
    }
}
