import DataCollectIntegrity

/// What the projection keeps per live entity: the wire state plus the bookkeeping the fold needs
/// (creation position for duplicate direction, the last writer of each field for conflicts).
public struct EntityRecord: Sendable, Hashable {
    public var entity: Entity
    /// The state a sync server last acknowledged, else the state right after the event that
    /// created the entity (see ``EntityPair``).
    public var initial: Entity
    /// The event that created the entity; orders duplicate pairs (newer → older).
    public var createdBy: EventOrderKey
    /// For each top-level data field: the event and author that last wrote it.
    public var fieldWriters: [String: FieldWrite]
    /// The duplicate-detection key, computed by the configured ``DuplicateMatcher``; nil when the
    /// entity has none of the matching fields.
    public var matchKey: String?

    public init(entity: Entity, initial: Entity, createdBy: EventOrderKey,
                fieldWriters: [String: FieldWrite] = [:], matchKey: String? = nil) {
        self.entity = entity
        self.initial = initial
        self.createdBy = createdBy
        self.fieldWriters = fieldWriters
        self.matchKey = matchKey
    }

    public var pair: EntityPair { EntityPair(initial: initial, modified: entity) }
}

/// Who last wrote a field: used to record concurrent writes as conflicts.
public struct FieldWrite: Sendable, Hashable {
    public var eventGuid: String
    public var userId: String

    public init(eventGuid: String, userId: String) {
        self.eventGuid = eventGuid
        self.userId = userId
    }
}
