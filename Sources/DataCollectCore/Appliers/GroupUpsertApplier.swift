public import DataCollectIntegrity

/// `create-group` and `update-group`: the upsert rule of ``IndividualUpsertApplier`` for the
/// group itself (its data is the payload without `members`), then every element of
/// `data.members` is placed into the group, to any depth (see ``MemberPlacement``).
struct GroupUpsertApplier: EventApplier {
    let eventType: String

    func validate(_ event: Event) throws(DataCollectError) {
        _ = try MemberSpec.parse(event, required: false)
    }

    func referencedEntities(in event: Event) -> Set<String> {
        MemberSpec.referencedEntities(in: event, membersRequired: false)
    }

    func apply(_ event: Event, in context: ApplyContext) throws -> ApplyResult {
        let members = try MemberSpec.parse(event, required: false)
        var data = event.data
        data["members"] = nil
        let result = try EntityUpsert.apply(event, type: .group, data: data, in: context)
        guard result == .applied else { return result }
        for member in members {
            try MemberPlacement.place(member, into: event.entityGuid, context: context)
        }
        return .applied
    }
}
