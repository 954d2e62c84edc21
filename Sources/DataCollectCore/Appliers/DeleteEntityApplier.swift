import DataCollectIntegrity

/// `delete-entity`: deletes the target and leaves a tombstone, so no later or late event brings
/// it back; the entity is removed from every group that listed it. Deleting a group deletes the
/// members that belong to no other group (shared members stay). A delete for an entity this
/// store has not seen yet waits (pending) for its creation.
struct DeleteEntityApplier: EventApplier {
    let eventType = "delete-entity"

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        let guid = event.entityGuid
        if try context.isDeleted(guid) {
            return .skipped(DataCollectError(.entityDeleted, field: "entityGuid",
                                             message: "The entity was already deleted by an earlier event."))
        }
        guard try context.entity(guid) != nil else { return .pending(ApplyContext.notFound(guid)) }
        try context.deleteEntity(guid)
        return .applied
    }
}
