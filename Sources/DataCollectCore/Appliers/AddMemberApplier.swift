import DataCollectIntegrity

/// `add-member`: places every element of `data.members` into the group (the existing system
/// used only the first). The group's own data does not change. Waits (pending) when the group
/// is not known yet; skipped when the target is not a group or was deleted.
struct AddMemberApplier: EventApplier {
    let eventType = "add-member"

    func validate(_ event: Event) throws(DataCollectError) {
        _ = try MemberSpec.parse(event, required: true)
    }

    func referencedEntities(in event: Event) -> Set<String> {
        MemberSpec.referencedEntities(in: event, membersRequired: true)
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        let members = try MemberSpec.parse(event, required: true)
        if let failure = try GroupTarget.check(event, in: context) { return failure }
        for member in members {
            try MemberPlacement.place(member, into: event.entityGuid, context: context)
        }
        context.audit(eventType, entityGuid: event.entityGuid, changes: .object(event.data))
        return .applied
    }
}

/// The checks shared by the membership appliers: the target must be a live group.
enum GroupTarget {
    static func check(_ event: Event, in context: ApplyContext) throws -> ApplyResult? {
        let guid = event.entityGuid
        if try context.isDeleted(guid) { return .skipped(ApplyContext.deleted(guid)) }
        guard let group = try context.entity(guid) else {
            return .pending(DataCollectError(
                .invalidGroup, field: "entityGuid",
                message: "The group does not exist in this store yet; the event waits for the event that creates it."))
        }
        guard group.type == .group else {
            return .skipped(DataCollectError(
                .invalidGroup, field: "entityGuid", message: "The target entity is an individual, not a group."))
        }
        return nil
    }
}
