public import DataCollectIntegrity

/// One version in an entity's history, with the event that made it and what it changed.
public struct EntityHistoryEntry: Sendable, Hashable {
    public var version: EntityVersion
    /// The event that changed the entity; nil only if the store no longer holds it.
    public var event: StoredEvent?
    /// The entity after this version (nil: deleted).
    public var entity: Entity?
    /// Fields that differ from the previous version.
    public var changes: [FieldChange]

    public init(version: EntityVersion, event: StoredEvent?, entity: Entity?, changes: [FieldChange]) {
        self.version = version
        self.event = event
        self.entity = entity
        self.changes = changes
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "eventGuid": .string(version.eventGuid),
            "validFrom": .string(version.step.timestamp.iso8601),
            "recordedAt": .string(version.recordedFrom.iso8601),
            "deleted": .bool(entity == nil),
            "changes": .array(changes.map(\.jsonValue)),
        ]
        if let event {
            object["eventType"] = .string(event.event.type)
            object["userId"] = .string(event.event.userId)
            object["capturedAt"] = .string(event.event.timestamp.iso8601)
            object["eventRecordedAt"] = .string(event.recordedAt.iso8601)
        }
        if let entity { object["version"] = .number(JSONNumber(entity.version)) }
        return .object(object)
    }
}
