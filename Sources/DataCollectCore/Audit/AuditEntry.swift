public import DataCollectIntegrity

/// One line of the audit trail: who did what to which entity, because of which event.
///
/// Entries the fold produces have deterministic guids (derived from the event, the entity, the
/// action and a sequence number within the event) and carry the event's timestamp, so every
/// replica derives the same entries from the same events. `recordedAt` is when this store
/// wrote the entry (transaction time).
public struct AuditEntry: Sendable, Hashable {
    public var guid: String
    public var timestamp: EventTimestamp
    public var userId: String
    public var action: String
    public var eventGuid: String
    public var entityGuid: String
    public var changes: JSONValue

    public init(guid: String, timestamp: EventTimestamp, userId: String, action: String,
                eventGuid: String, entityGuid: String, changes: JSONValue) {
        self.guid = guid
        self.timestamp = timestamp
        self.userId = userId
        self.action = action
        self.eventGuid = eventGuid
        self.entityGuid = entityGuid
        self.changes = changes
    }

    public var jsonValue: JSONValue {
        .object([
            "guid": .string(guid), "timestamp": .string(timestamp.iso8601), "userId": .string(userId),
            "action": .string(action), "eventGuid": .string(eventGuid), "entityGuid": .string(entityGuid),
            "changes": changes, "signature": "",
        ])
    }
}

/// An audit entry as stored, with its position and the time the store wrote it.
public struct StoredAuditEntry: Sendable, Hashable {
    public var entry: AuditEntry
    public var seq: Int64
    public var recordedAt: EventTimestamp

    public init(entry: AuditEntry, seq: Int64, recordedAt: EventTimestamp) {
        self.entry = entry
        self.seq = seq
        self.recordedAt = recordedAt
    }
}
