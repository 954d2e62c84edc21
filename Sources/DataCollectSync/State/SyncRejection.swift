public import DataCollectCore
public import DataCollectIntegrity

/// An event that did not make it across: refused by the server on push, or by this client's
/// store on pull. Kept in the client's store until someone deals with it, and shown by
/// `datacollect status` with the reason; the sync moves past it instead of blocking.
///
/// Holds ids, codes and the refusing side's message (which never quotes field values).
public struct SyncRejection: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        /// This client's event, refused by the server.
        case push
        /// The server's event, refused by this client's store.
        case pull
    }

    public enum Outcome: String, Sendable, Hashable {
        /// Malformed or not allowed: not stored on the refusing side.
        case rejected
        /// Another event with the same guid and different content is stored on the refusing side.
        case conflict
    }

    public var direction: Direction
    public var outcome: Outcome
    public var eventGuid: String
    public var entityGuid: String
    /// The event's `seq` on the sending side: this client's for a push, the server's for a pull.
    public var seq: Int64
    public var code: String
    public var message: String
    public var field: String?
    /// When this client learnt of it.
    public var recordedAt: EventTimestamp

    public init(direction: Direction, outcome: Outcome, eventGuid: String, entityGuid: String, seq: Int64,
                code: String, message: String, field: String? = nil, recordedAt: EventTimestamp) {
        self.direction = direction
        self.outcome = outcome
        self.eventGuid = eventGuid
        self.entityGuid = entityGuid
        self.seq = seq
        self.code = code
        self.message = message
        self.field = field
        self.recordedAt = recordedAt
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "direction": .string(direction.rawValue), "outcome": .string(outcome.rawValue),
            "eventGuid": .string(eventGuid), "entityGuid": .string(entityGuid), "seq": .number(JSONNumber(Int(seq))),
            "code": .string(code), "message": .string(message), "recordedAt": .string(recordedAt.iso8601),
        ]
        if let field { object["field"] = .string(field) }
        return .object(object)
    }

    public init?(json: JSONValue) {
        guard let direction = json["direction"]?.stringValue.flatMap(Direction.init(rawValue:)),
              let outcome = json["outcome"]?.stringValue.flatMap(Outcome.init(rawValue:)),
              let eventGuid = json["eventGuid"]?.stringValue, let entityGuid = json["entityGuid"]?.stringValue,
              let seq = json["seq"]?.numberValue?.intValue, let code = json["code"]?.stringValue,
              let message = json["message"]?.stringValue,
              let recordedAt = json["recordedAt"]?.stringValue.flatMap(EventTimestamp.init(parsing:))
        else { return nil }
        self.init(direction: direction, outcome: outcome, eventGuid: eventGuid, entityGuid: entityGuid, seq: Int64(seq),
                  code: code, message: message, field: json["field"]?.stringValue, recordedAt: recordedAt)
    }
}
