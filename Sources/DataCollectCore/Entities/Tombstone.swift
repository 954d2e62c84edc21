import DataCollectIntegrity

/// The mark a deletion leaves, so that a late `create-*` for the same guid cannot bring the
/// entity back. Tombstones are fold output like entities: a refold recomputes them.
public struct Tombstone: Sendable, Hashable {
    public var entityGuid: String
    /// The event whose application deleted the entity (a `delete-entity`, a
    /// `resolve-duplicate` with `shouldDelete`, or the deletion of a parent group).
    public var eventGuid: String
    public var deletedAt: EventTimestamp

    public init(entityGuid: String, eventGuid: String, deletedAt: EventTimestamp) {
        self.entityGuid = entityGuid
        self.eventGuid = eventGuid
        self.deletedAt = deletedAt
    }
}
