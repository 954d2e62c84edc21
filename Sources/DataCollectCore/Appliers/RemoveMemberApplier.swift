import DataCollectIntegrity

/// `remove-member`: takes `data.memberId` out of the group's members. The member itself is
/// kept, individual or group (the existing system deleted removed subgroups with all their
/// members). Removing an entity that is not a member at that point of the fold has no effect
/// and is reported as skipped.
struct RemoveMemberApplier: EventApplier {
    let eventType = "remove-member"

    func validate(_ event: Event) throws(DataCollectError) {
        _ = try memberId(event)
    }

    func referencedEntities(in event: Event) -> Set<String> {
        var guids: Set<String> = [event.entityGuid]
        if let member = try? memberId(event) { guids.insert(member) }
        return guids
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        let member = try memberId(event)
        if let failure = try GroupTarget.check(event, in: context) { return failure }
        guard try context.unlink(member, from: event.entityGuid) else {
            return .skipped(DataCollectError(
                .invalidMemberData, field: "data.memberId",
                message: "The entity was not a member of the group at this point, so there was nothing to remove."))
        }
        context.audit(eventType, entityGuid: event.entityGuid, changes: .object(event.data))
        return .applied
    }

    private func memberId(_ event: Event) throws(DataCollectError) -> String {
        guard case .string(let member)? = event.data["memberId"], !member.isEmpty else {
            throw DataCollectError(.invalidMemberData, field: "data.memberId",
                                   message: "The event does not say which member to remove: data.memberId must be a non-empty string.")
        }
        return member
    }
}
