public import DataCollectIntegrity

/// The wire form of sealed records: an event (or audit entry) with its place in the log and
/// the salts and commitments of its fields, so that the receiver recomputes the very same leaf
/// and checks an inclusion proof. Archive exports and sync pulls both use it.
///
/// ```json
/// {"seq": 7, "recordedAt": "…", "event": {…}, "seals": [{"field": "name", "salt": "…", "commitment": "…"}]}
/// ```
public enum SealedRecordCoding {
    public static func seals(_ seals: [FieldSeal]) -> JSONValue {
        .array(seals.map { seal in
            [
                "field": .string(seal.field),
                "salt": seal.salt.map { .string($0.hexString) } ?? .null,
                "commitment": .string(seal.commitment.hexString),
            ]
        })
    }

    public static func seals(from value: JSONValue?) throws -> [FieldSeal] {
        guard let items = value?.arrayValue else { throw invalid("seals", in: "seals") }
        var fields: Set<String> = []
        return try items.map { item in
            guard let field = item["field"]?.stringValue,
                  let commitment = item["commitment"]?.stringValue.flatMap({ [UInt8](hex: $0) })
            else { throw invalid("seals", in: "seals") }
            // A field is sealed once: its seals are the members of one object.
            guard fields.insert(field).inserted else { throw invalid("seals", in: "seals") }
            var salt: [UInt8]?
            if let text = item["salt"]?.stringValue {
                guard let bytes = [UInt8](hex: text) else { throw invalid("seals", in: "seals") }
                salt = bytes
            }
            return FieldSeal(field: field, salt: salt, commitment: commitment)
        }
    }

    public static func event(_ stored: StoredEvent, seals: [FieldSeal]) -> JSONValue {
        [
            "seq": .number(JSONNumber(Int(stored.seq))), "recordedAt": .string(stored.recordedAt.iso8601),
            "event": stored.event.jsonValue, "seals": Self.seals(seals),
        ]
    }

    public static func storedEvent(_ line: JSONValue) throws -> (StoredEvent, [FieldSeal]) {
        guard let seq = line["seq"]?.numberValue?.intValue,
              let recordedAt = line["recordedAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:)),
              let wire = line["event"]?.objectValue,
              let guid = wire["guid"]?.stringValue, let entityGuid = wire["entityGuid"]?.stringValue,
              let type = wire["type"]?.stringValue, let data = wire["data"]?.objectValue,
              let timestamp = wire["timestamp"]?.stringValue.flatMap(EventTimestamp.init(parsing:)),
              let userId = wire["userId"]?.stringValue
        else { throw invalid("event", in: "a sealed event") }
        let level = wire["syncLevel"]?.numberValue?.intValue.flatMap(SyncLevel.init(rawValue:)) ?? .local
        let event = Event(guid: guid, entityGuid: entityGuid, type: type, data: data, timestamp: timestamp,
                          userId: userId, syncLevel: level)
        return (StoredEvent(event: event, seq: Int64(seq), recordedAt: recordedAt, status: .applied),
                try seals(from: line["seals"]))
    }

    public static func audit(_ stored: StoredAuditEntry, seals: [FieldSeal]) -> JSONValue {
        [
            "seq": .number(JSONNumber(Int(stored.seq))), "recordedAt": .string(stored.recordedAt.iso8601),
            "entry": stored.entry.jsonValue, "seals": SealedRecordCoding.seals(seals),
        ]
    }

    public static func storedAudit(_ line: JSONValue) throws -> (StoredAuditEntry, [FieldSeal]) {
        guard let seq = line["seq"]?.numberValue?.intValue,
              let recordedAt = line["recordedAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:)),
              let wire = line["entry"], let guid = wire["guid"]?.stringValue,
              let timestamp = wire["timestamp"]?.stringValue.flatMap(EventTimestamp.init(parsing:)),
              let userId = wire["userId"]?.stringValue, let action = wire["action"]?.stringValue,
              let eventGuid = wire["eventGuid"]?.stringValue, let entityGuid = wire["entityGuid"]?.stringValue,
              let changes = wire["changes"]
        else { throw invalid("entry", in: "a sealed audit entry") }
        let entry = AuditEntry(guid: guid, timestamp: timestamp, userId: userId, action: action, eventGuid: eventGuid,
                               entityGuid: entityGuid, changes: changes)
        return (StoredAuditEntry(entry: entry, seq: Int64(seq), recordedAt: recordedAt), try seals(from: line["seals"]))
    }

    static func invalid(_ field: String, in what: String) -> DataCollectError {
        DataCollectError(.invalidForm, field: field, message: "\(what.prefix(1).uppercased() + what.dropFirst()) is not in the sealed-record format.")
    }
}
