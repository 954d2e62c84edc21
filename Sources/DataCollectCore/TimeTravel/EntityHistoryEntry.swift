public import DataCollectIntegrity

/// One version in an entity's history, with the events that made it and what it changed.
public struct EntityHistoryEntry: Sendable, Hashable {
    public var version: EntityVersion
    /// The events that changed the entity in this version's step, in the order applied.
    public var events: [StoredEvent]
    /// The entity after this version (nil: deleted).
    public var entity: Entity?
    /// Fields that differ from the previous version.
    public var changes: [FieldChange]

    public init(version: EntityVersion, events: [StoredEvent], entity: Entity?, changes: [FieldChange]) {
        self.version = version
        self.events = events
        self.entity = entity
        self.changes = changes
    }

    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "validFrom": .string(version.step.timestamp.iso8601),
            "recordedAt": .string(version.recordedFrom.iso8601),
            "deleted": .bool(entity == nil),
            "events": .array(events.map { stored in
                .object(["guid": .string(stored.event.guid), "type": .string(stored.event.type),
                         "userId": .string(stored.event.userId), "capturedAt": .string(stored.event.timestamp.iso8601),
                         "recordedAt": .string(stored.recordedAt.iso8601)])
            }),
            "changes": .array(changes.map(\.jsonValue)),
        ]
        if let entity { object["version"] = .number(JSONNumber(entity.version)) }
        return .object(object)
    }
}
