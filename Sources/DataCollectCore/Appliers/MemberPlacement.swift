import DataCollectIntegrity

/// Creates or updates the members named in a group event and links them into their group.
///
/// Unlike the existing system, a member that already exists is never re-created (which wiped
/// its data and version): its fields, if the element carries any, are merged as an update.
/// A deleted member is not brought back, and a group is never made a member of itself or of
/// its own members (a cycle); both cases leave a `member-not-added` audit entry.
enum MemberPlacement {
    static func place(_ spec: MemberSpec, into parent: String, context: ApplyContext) throws {
        if try context.isDeleted(spec.guid) {
            context.audit("member-not-added", entityGuid: parent,
                          changes: ["memberId": .string(spec.guid), "reason": "ENTITY_DELETED"])
            return
        }
        if let existing = try context.entity(spec.guid) {
            if !spec.fields.isEmpty {
                try context.mergeData(into: spec.guid, spec.fields, auditAction: "update-\(existing.type.rawValue)")
            }
        } else {
            try context.createEntity(spec.guid, type: spec.type, data: spec.fields,
                                     auditAction: "create-\(spec.type.rawValue)")
        }
        if try context.isSelfOrAncestor(spec.guid, of: parent) {
            context.audit("member-not-added", entityGuid: parent,
                          changes: ["memberId": .string(spec.guid), "reason": "CYCLE"])
            return
        }
        try context.link(spec.guid, into: parent)
        guard try context.entity(spec.guid)?.type == .group else { return }
        for child in spec.members {
            try place(child, into: spec.guid, context: context)
        }
    }
}
