public import DataCollectIntegrity

/// `create-individual` and `update-individual`.
///
/// - create on a new guid creates the individual (version 1);
/// - create or update on an existing individual merges `data` (RFC 7396 merge patch);
/// - update on a guid this store has not seen waits (pending) for the create;
/// - either on a deleted guid is skipped: a late create cannot resurrect a deleted entity;
/// - either on a group is skipped (type mismatch), where the existing system silently merged.
struct IndividualUpsertApplier: EventApplier {
    let eventType: String

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        try EntityUpsert.apply(event, type: .individual, data: event.data, in: context)
    }
}

/// The shared upsert rule of the create and update appliers.
enum EntityUpsert {
    static func apply(_ event: Event, type: EntityType, data: [String: JSONValue],
                      in context: ApplyContext) throws -> ApplyResult {
        let guid = event.entityGuid
        if try context.isDeleted(guid) { return .skipped(ApplyContext.deleted(guid)) }
        if let existing = try context.entity(guid) {
            guard existing.type == type else {
                return .skipped(DataCollectError(
                    .entityTypeMismatch, field: "entityGuid",
                    message: "The event is for a \(type.rawValue), but the entity is a \(existing.type.rawValue)."))
            }
            try context.mergeData(into: guid, data)
            return .applied
        }
        guard event.type.hasPrefix("create-") else { return .pending(ApplyContext.notFound(guid)) }
        try context.createEntity(guid, type: type, data: data)
        return .applied
    }
}
